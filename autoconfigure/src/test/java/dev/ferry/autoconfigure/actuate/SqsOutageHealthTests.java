package dev.ferry.autoconfigure.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.test.net.TcpOutageProxy;
import dev.ferry.test.sqs.ElasticMqServer;
import dev.ferry.transport.sqs.SqsOptions;
import dev.ferry.transport.sqs.SqsTransport;
import dev.ferry.transport.sqs.SqsXRay;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SQS backend goes away and comes back: health turns DOWN within its timeout and UP after, the
 * listener resumes by itself, and every message published before, during (straight to the backend)
 * and after the outage is handled.
 */
class SqsOutageHealthTests {

	@Test
	void healthFollowsAnOutageAndNoMessageIsLost() {
		try (ElasticMqServer server = new ElasticMqServer().start();
				TcpOutageProxy outage = TcpOutageProxy.openTo(server.port());
				SqsAsyncClient direct = server.createClient();
				SqsAsyncClient throughOutage = client(outage.port())) {
			server.createQueue(direct, "outage-orders", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "3"));
			Set<String> handled = ConcurrentHashMap.newKeySet();
			SqsTransport transport = new SqsTransport(throughOutage,
					SqsOptions.defaults().withVisibility(Duration.ofSeconds(1), Duration.ofSeconds(2)), SqsXRay.none());
			try (Ferry ferry = Ferry.builder()
				.transport(transport)
				.destination(Destination.of("orders", "sqs", "outage-orders"))
				.hardeningMode(HardeningMode.OFF)
				.pollTimeout(Duration.ofSeconds(1))
				.shutdownTimeout(Duration.ofSeconds(2))
				.build()) {
				ferry.listen(ListenerDefinition.builder("orders-listener", "orders", String.class,
						(order, context) -> handled.add(order)).build());
				ferry.start();
				FerryHealthContributor health = new FerryHealthContributor(ferry, Duration.ofSeconds(2), 10);
				assertThat(health.transportHealth(transport).getStatus()).isEqualTo(Status.UP);
				for (int i = 0; i < 20; i++) {
					ferry.publisher().publish("orders", "before-" + i);
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 20);

				outage.cut();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> health.transportHealth(transport).getStatus().equals(Status.DOWN));
				String queueUrl = direct.getQueueUrl(request -> request.queueName("outage-orders")).join().queueUrl();
				for (int i = 0; i < 20; i++) {
					String body = "during-" + i;
					direct.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body)).join();
				}

				outage.open();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> health.transportHealth(transport).getStatus().equals(Status.UP));
				for (int i = 0; i < 20; i++) {
					ferry.publisher().publish("orders", "after-" + i);
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 60);
				assertThat(handled).contains("before-0", "during-19", "after-19");
			}
		}
	}

	private static SqsAsyncClient client(int port) {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

}
