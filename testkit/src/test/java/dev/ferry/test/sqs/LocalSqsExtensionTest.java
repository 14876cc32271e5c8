package dev.ferry.test.sqs;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalSqsExtension.class)
class LocalSqsExtensionTest {

	@Test
	void injectsARunningServerAndAClientForIt(ElasticMqServer server, SqsAsyncClient client) {
		assertThat(server.isRunning()).isTrue();
		assertThat(server.endpoint().toString()).startsWith("http://127.0.0.1:");
		String url = server.createQueue(client, "extension-smoke", Map.of());
		client.sendMessage(b -> b.queueUrl(url).messageBody("hello")).join();
		assertThat(client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).join().messages())
			.extracting(message -> message.body())
			.containsExactly("hello");
		assertThat(client.getQueueUrl(b -> b.queueName("extension-smoke")).join().queueUrl()).isEqualTo(url);
	}

	@Test
	void serverRefusesUseBeforeStartAndStopsOnClose() {
		ElasticMqServer server = new ElasticMqServer();
		assertThatThrownBy(server::endpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
		try (ElasticMqServer started = server.start()) {
			assertThat(started.port()).isPositive();
		}
		assertThat(server.isRunning()).isFalse();
	}

}
