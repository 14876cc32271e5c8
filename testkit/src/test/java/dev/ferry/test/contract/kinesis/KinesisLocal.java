package dev.ferry.test.contract.kinesis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm package {@code kinesis-local} (the kinesis-mock engine, MIT) as a child process: a second
 * Kinesis implementation for what moto does not model faithfully. After a {@code SplitShard} on
 * moto 5.2, every record, old and new, is still written to the closed parent (its records are even
 * written again) while the children stay empty, and the closed shard never ends ({@code GetRecords}
 * always returns a next iterator, no {@code ChildShards}): the KCL never reaches a shard end there. kinesis-local keeps the parent's records, ends the closed
 * shard ({@code NextShardIterator} null, {@code ChildShards} listed) and writes new records to the
 * children, as Kinesis does.
 *
 * <p>The package is installed with {@code npm install} into {@code target/kinesis-local} (or the
 * folder of the system property {@value #HOME_PROPERTY}) on first use; {@code node main.js} runs
 * with that folder as working directory (it reads {@code server.json} from there). Without
 * {@code node} and {@code npm} the calling test is skipped with a message naming them, and fails
 * under CI ({@code CI=true}).
 */
final class KinesisLocal {

	static final String VERSION = "0.6.2";

	static final String HOME_PROPERTY = "ferry.kinesis-local.home";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static @Nullable KinesisLocal shared;

	private final Process process;

	private final int port;

	private KinesisLocal(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The JVM-wide server, installed and started on first use, stopped when the JVM exits. */
	static synchronized KinesisLocal shared() {
		if (shared == null || !shared.process.isAlive()) {
			Path node = executable("node").orElse(null);
			Path npm = executable("npm").orElse(null);
			if (node == null || npm == null) {
				String message = "node and npm are needed for the tests on kinesis-local (npm package kinesis-local@"
						+ VERSION + "): install Node.js";
				if ("true".equalsIgnoreCase(System.getenv("CI"))) {
					throw new IllegalStateException(message + " (CI=true: CI must run these tests)");
				}
				Assumptions.abort(message);
			}
			Path home = Path.of(System.getProperty(HOME_PROPERTY, "target/kinesis-local")).toAbsolutePath();
			Path packageDir = install(npm, home);
			KinesisLocal server = start(node, packageDir);
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kinesis-local-stop"));
			shared = server;
		}
		return shared;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	private static Path install(Path npm, Path home) {
		Path packageDir = home.resolve("node_modules/kinesis-local");
		if (Files.isRegularFile(packageDir.resolve("main.js"))) {
			return packageDir;
		}
		try {
			Files.createDirectories(home);
			Process install = new ProcessBuilder(npm.toString(), "install", "--no-audit", "--no-fund", "--prefix",
					home.toString(), "kinesis-local@" + VERSION)
				.redirectErrorStream(true)
				.redirectOutput(home.resolve("npm-install.log").toFile())
				.start();
			if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0) {
				install.destroyForcibly();
				throw new IllegalStateException("npm install kinesis-local@" + VERSION + " failed; see "
						+ home.resolve("npm-install.log"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return packageDir;
	}

	private static KinesisLocal start(Path node, Path packageDir) {
		int port = freePort();
		ProcessBuilder builder = new ProcessBuilder(node.toString(), "main.js").directory(packageDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(packageDir.resolveSibling("kinesis-local.log").toFile());
		builder.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port));
		// Both ports must be set: the TLS one otherwise takes 4567 and clashes with a second run.
		builder.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(freePort()));
		builder.environment().put("LOG_LEVEL", "WARN");
		try {
			KinesisLocal server = new KinesisLocal(builder.start(), port);
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest health = HttpRequest.newBuilder(server.endpoint().resolve("/healthcheck"))
				.timeout(Duration.ofSeconds(2))
				.build();
			Awaitility.await("kinesis-local answering on port " + port)
				.atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> !server.process.isAlive()
						|| http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
			if (!server.process.isAlive()) {
				throw new IllegalStateException("kinesis-local exited at start; see " + packageDir.resolveSibling("kinesis-local.log"));
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start kinesis-local in " + packageDir, ex);
		}
	}

	void close() {
		// It takes some 10 s to stop on SIGTERM and holds nothing worth a clean stop.
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	private static Optional<Path> executable(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isBlank() && Files.isExecutable(Path.of(directory, name))) {
				return Optional.of(Path.of(directory, name));
			}
		}
		return Optional.empty();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
