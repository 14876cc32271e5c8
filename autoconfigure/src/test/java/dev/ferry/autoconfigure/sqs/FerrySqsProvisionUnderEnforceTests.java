package dev.ferry.autoconfigure.sqs;

import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningReport;
import dev.ferry.core.hardening.SuppressedFinding;
import dev.ferry.test.sqs.ElasticMqServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provisioning and the visibility rule read one processing timeout: a queue created for a 2-minute
 * handler passes SQS-VIS-001, so {@code enforce} starts. ElasticMQ keeps no KMS key, so SQS-KMS-001
 * is suppressed — by an explicit suppression, or by {@code ferry.local} (whose SQS stand-in is this
 * ElasticMQ) — and still reported.
 */
class FerrySqsProvisionUnderEnforceTests {

	private static ElasticMqServer server;

	private static SqsAsyncClient client;

	@BeforeAll
	static void start() {
		server = new ElasticMqServer().start();
		client = server.createClient();
	}

	@AfterAll
	static void stop() {
		client.close();
		server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"ferry.destinations.orders.processing-timeout=2m;ferry.hardening.suppressions[0].rule=SQS-KMS-001;"
					+ "ferry.hardening.suppressions[0].reason=ElasticMQ keeps no KMS key",
			"ferry.listener.processing-timeout=PT2M;ferry.local.enabled=true" })
	void queueProvisionedForATwoMinuteHandlerPassesTheVisibilityRule(String settings) {
		String queue = "provision-" + UUID.randomUUID();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FerrySqsAutoConfiguration.class, FerryAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, server::createClient)
			.withBean(SlowOrders.class, SlowOrders::new)
			.withPropertyValues(settings.split(";"))
			.withPropertyValues("ferry.provision=true", "ferry.hardening.mode=enforce",
					"ferry.listener.poll-timeout=1s", "ferry.destinations.orders.transport=sqs",
					"ferry.destinations.orders.resource=" + queue,
					"ferry.destinations.orders.properties.kms-key-id=alias/orders")
			.run(context -> {
				assertThat(context).hasNotFailed();
				String url = client.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
				String visibility = client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
					.join()
					.attributes()
					.get(QueueAttributeName.VISIBILITY_TIMEOUT);
				assertThat(visibility).isEqualTo("130");
				HardeningReport report = context.getBean(Ferry.class).inspect();
				assertThat(report.findings()).extracting(finding -> finding.id()).doesNotContain("SQS-VIS-001");
				assertThat(report.suppressed()).extracting(SuppressedFinding::finding)
					.extracting(finding -> finding.id())
					.contains("SQS-KMS-001");
			});
	}

	static class SlowOrders {

		final Queue<String> seen = new ConcurrentLinkedQueue<>();

		@FerryListener(destination = "orders", id = "slow-orders")
		void on(String order) {
			this.seen.add(order);
		}

	}

}
