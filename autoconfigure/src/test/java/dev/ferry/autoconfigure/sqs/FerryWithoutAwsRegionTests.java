package dev.ferry.autoconfigure.sqs;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SQS client is only required when something uses SQS: with every destination in memory, the
 * full starter set of auto-configurations (Spring Cloud AWS's SQS included) starts on a machine with
 * no AWS region at all.
 */
class FerryWithoutAwsRegionTests {

	/** SDK settings that would otherwise find a region in ~/.aws/config or the EC2 metadata service. */
	private static final Map<String, String> NO_REGION = Map.of("aws.configFile", "/nonexistent/ferry/aws-config",
			"aws.sharedCredentialsFile", "/nonexistent/ferry/aws-credentials", "aws.disableEc2Metadata", "true");

	private final Map<String, String> saved = new HashMap<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AwsAutoConfiguration.class,
				CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
				SqsAutoConfiguration.class, FerrySqsAutoConfiguration.class, FerryAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=100ms");

	@BeforeEach
	void unsetRegion() {
		assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
				"AWS_REGION is set in this environment; the region-less case cannot be shown here");
		this.saved.put("aws.region", System.clearProperty("aws.region"));
		NO_REGION.forEach((key, value) -> this.saved.put(key, System.setProperty(key, value)));
	}

	@AfterEach
	void restore() {
		this.saved.forEach((key, value) -> {
			if (value == null) {
				System.clearProperty(key);
			}
			else {
				System.setProperty(key, value);
			}
		});
	}

	@Test
	void inMemoryApplicationStartsAndConsumesWithoutARegion() {
		this.contextRunner.withPropertyValues("ferry.default-transport=in-memory", "ferry.destinations.orders.retry.max-attempts=2")
			.withUserConfiguration(Audit.class)
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SqsTransport.class).hasSingleBean(SqsTemplate.class);
				context.getBean(MessagePublisher.class).publish("orders", "o-1");
				Audit audit = context.getBean(Audit.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> audit.seen.contains("o-1"));
			});
	}

	@Test
	void anSqsDestinationStillNeedsTheRegion() {
		this.contextRunner.withPropertyValues("ferry.destinations.orders.transport=sqs")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("region"));
	}

	static class Audit {

		final Queue<String> seen = new ConcurrentLinkedQueue<>();

		@FerryListener(destination = "orders", id = "audit")
		void on(String order) {
			this.seen.add(order);
		}

	}

}
