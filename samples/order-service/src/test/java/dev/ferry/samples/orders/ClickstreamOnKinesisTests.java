package dev.ferry.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.engine.Ferry;
import dev.ferry.test.aws.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The sample with the {@code kinesis} profile: the clickstream runs on a Kinesis stream (and the
 * KCL's lease table on DynamoDB), both on moto, with no code change; the other destinations stay on
 * the local SQS. Skipped with a message naming {@code moto_server} where moto is missing (failed
 * under CI). The test only points the clients at moto: HTTP/1.1 and JSON instead of CBOR, which moto
 * requires.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("kinesis")
class ClickstreamOnKinesisTests {

	@BeforeAll
	static void motoPresent() {
		MotoServer.assumeAvailable();
	}

	@DynamicPropertySource
	static void quickKcl(DynamicPropertyRegistry registry) {
		// Short KCL timings so the listener takes its leases in seconds; no PITR or deletion protection on
		// a throwaway lease table.
		registry.add("ferry.kinesis.poll-interval", () -> "200ms");
		registry.add("ferry.kinesis.failover-time", () -> "3s");
		registry.add("ferry.kinesis.lease-assignment-interval", () -> "500ms");
		registry.add("ferry.kinesis.lease-table-protection", () -> "false");
	}

	@LocalServerPort
	private int port;

	@Autowired
	private Ferry ferry;

	@Autowired
	private KinesisAsyncClient kinesis;

	@Test
	void clicksTravelOverKinesisInOrderPerUser() {
		assertThat(this.ferry.destinations().get("clickstream").transport()).isEqualTo("kinesis");
		assertThat(this.ferry.destinations().get("orders").transport()).isEqualTo("sqs");
		RestClient http = RestClient.create("http://localhost:" + this.port);
		List<PageViewed> views = List.of(new PageViewed("ann", "/home"), new PageViewed("bob", "/home"),
				new PageViewed("ann", "/shoes"), new PageViewed("bob", "/hats"), new PageViewed("ann", "/checkout"));
		views.forEach(view -> http.post().uri("/clicks").contentType(MediaType.APPLICATION_JSON).body(view)
			.retrieve().toBodilessEntity());

		await().atMost(Duration.ofSeconds(60))
			.until(() -> pages(http).values().stream().mapToInt(List::size).sum() == views.size());
		assertThat(pages(http)).isEqualTo(Map.of("ann", List.of("/home", "/shoes", "/checkout"), "bob",
				List.of("/home", "/hats")));
		assertThat(recordsOnTheStream()).isEqualTo(views.size());
	}

	private static Map<String, List<String>> pages(RestClient http) {
		return http.get().uri("/clicks").retrieve().body(new ParameterizedTypeReference<Map<String, List<String>>>() {
		});
	}

	/** What went on the wire: the records of every shard of the stream, read from its start. */
	private int recordsOnTheStream() {
		int count = 0;
		for (Shard shard : this.kinesis.listShards(builder -> builder.streamName("clickstream")).join().shards()) {
			String iterator = this.kinesis.getShardIterator(builder -> builder.streamName("clickstream")
				.shardId(shard.shardId())
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
			count += this.kinesis.getRecords(builder -> builder.shardIterator(iterator)).join().records().size();
		}
		return count;
	}

	/** The application's Kinesis and DynamoDB clients, pointed at moto. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OnMoto {

		OnMoto() {
			// moto answers JSON only; the SDK reads this when a Kinesis client is built.
			System.setProperty("aws.cborEnabled", "false");
		}

		@Bean(destroyMethod = "close")
		KinesisAsyncClient kinesisClient() {
			MotoServer moto = MotoServer.shared();
			return KinesisAsyncClient.builder()
				.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
				.endpointOverride(moto.endpoint())
				.region(moto.region())
				.credentialsProvider(moto.credentials())
				.build();
		}

		@Bean(destroyMethod = "close")
		DynamoDbAsyncClient dynamoClient() {
			return MotoServer.shared().client(DynamoDbAsyncClient.builder());
		}

	}

}
