package dev.ferry.autoconfigure.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.test.sqs.ElasticMqServer;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A non-web Spring Boot worker with an SQS listener, run in a child JVM: it consumes, stays up after
 * {@code main} returns, and on SIGTERM stops its listener gracefully and exits.
 */
class WorkerKeepsRunningTests {

	/** Exit status of a JVM ended by SIGTERM (128 + 15) after its shutdown hooks ran. */
	private static final int SIGTERM_EXIT = 143;

	private final ElasticMqServer server = new ElasticMqServer().start();

	private final SqsAsyncClient client = this.server.createClient();

	@TempDir
	Path directory;

	private Path outputFile;

	private Process worker;

	@AfterEach
	void cleanUp() {
		if (this.worker != null && this.worker.isAlive()) {
			this.worker.destroyForcibly();
		}
		this.client.close();
		this.server.close();
	}

	@Test
	void workerConsumesStaysUpAndStopsGracefullyOnSigterm() throws Exception {
		this.outputFile = this.directory.resolve("worker.log");
		String queue = "worker-" + UUID.randomUUID();
		String url = this.server.createQueue(this.client, queue, Map.of());
		this.worker = start(List.of("--worker.sqs-endpoint=" + this.server.endpoint(),
				"--ferry.destinations.orders.transport=sqs", "--ferry.destinations.orders.resource=" + queue,
				"--ferry.listener.poll-timeout=1s", "--ferry.shutdown-timeout=10s"));
		await().atMost(Duration.ofSeconds(120)).alias("worker started")
			.until(() -> output().contains(WorkerApplication.MAIN_RETURNED) || !this.worker.isAlive());
		assertThat(this.worker.isAlive()).as("worker alive after main returned; output: %s", output()).isTrue();
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).alias("worker stays up after main returned")
			.until(this.worker::isAlive);

		try (Ferry producer = Ferry.builder()
			.transport(new SqsTransport(this.client))
			.destination(Destination.of("orders", SqsTransport.NAME, queue))
			.hardeningMode(HardeningMode.OFF)
			.build()) {
			for (int i = 1; i <= 3; i++) {
				producer.publisher().publish("orders", "o-" + i);
			}
		}
		await().atMost(Duration.ofSeconds(30)).alias("three orders handled")
			.until(() -> output().stream().filter(line -> line.startsWith(WorkerApplication.HANDLED)).count() == 3);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(this.worker::isAlive);

		this.worker.destroy();
		assertThat(this.worker.waitFor(60, TimeUnit.SECONDS)).as("worker exited; output: %s", output()).isTrue();
		assertThat(this.worker.exitValue()).isEqualTo(SIGTERM_EXIT);
		List<String> output = output();
		assertThat(output).contains(WorkerApplication.CLOSING);
		assertThat(output).anyMatch(line -> line.contains("Listener orders-worker stopped"));
		assertThat(output).noneMatch(line -> line.contains("released at shutdown") || line.contains(" ERROR "));
		Map<QueueAttributeName, String> counts = this.client.getQueueAttributes(b -> b.queueUrl(url)
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
					QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributes();
		assertThat(counts).containsValues("0").doesNotContainValue("1");
	}

	/**
	 * The child writes to a file, not a pipe: {@link Process#destroy()} closes the parent's end of a
	 * pipe at once, and what the child logs while it shuts down would be lost.
	 */
	private Process start(List<String> arguments) throws IOException {
		Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), WorkerApplication.class.getName()));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.outputFile.toFile()).start();
	}

	private List<String> output() {
		try {
			return Files.readAllLines(this.outputFile, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
