package dev.ferry.test.aws;

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

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * moto (an independent, Apache-2.0 AWS emulator) in server mode as a child process on 127.0.0.1:
 * one endpoint serves SQS, SNS, EventBridge, Kinesis, DynamoDB, KMS, Secrets Manager and Firehose.
 * Ferry's tests use it as a second implementation of AWS next to its own stand-ins, so that no
 * stand-in is its own judge.
 *
 * <p>{@link #shared()} starts one server per JVM, on a free port, and stops it when the JVM exits.
 * The executable is {@code moto_server} on the {@code PATH}, or the path in the system property
 * {@value #EXECUTABLE_PROPERTY} or the environment variable {@code MOTO_SERVER}.
 *
 * <p>As {@link AwsEndpoints} it serves the conformance suites that also run on {@link LocalAws}.
 *
 * <p>Tests call {@link #assumeAvailable()} first: on a machine without moto they are skipped with a
 * message naming {@code moto_server}; under CI ({@code CI=true}) a missing moto fails instead, so
 * CI never skips these suites silently.
 */
public final class MotoServer implements AwsEndpoints, AutoCloseable {

	/** System property naming the {@code moto_server} executable. */
	public static final String EXECUTABLE_PROPERTY = "ferry.moto.executable";

	/** Account moto reports in every ARN. */
	public static final String ACCOUNT_ID = "123456789012";

	/** Region the clients of this fixture use. */
	public static final String REGION = "us-east-1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Object sharedLock = new Object();

	private static @Nullable MotoServer sharedServer;

	private final Path executable;

	private @Nullable Process process;

	private int port;

	private MotoServer(Path executable) {
		this.executable = executable;
	}

	/** The {@code moto_server} executable, if this machine has one. */
	public static Optional<Path> executable() {
		String configured = System.getProperty(EXECUTABLE_PROPERTY, System.getenv("MOTO_SERVER"));
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		String pathVariable = System.getenv("PATH");
		if (pathVariable == null) {
			return Optional.empty();
		}
		for (String directory : pathVariable.split(File.pathSeparator)) {
			if (directory.isBlank()) {
				continue;
			}
			Path candidate = Path.of(directory, "moto_server");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** Whether {@link #executable()} finds {@code moto_server}. */
	public static boolean isAvailable() {
		return executable().isPresent();
	}

	/**
	 * Skips the calling test when moto is missing, with a message that says so; fails instead when
	 * the environment variable {@code CI} is {@code true}.
	 */
	public static void assumeAvailable() {
		if (isAvailable()) {
			return;
		}
		String message = "moto_server not found (PATH, -D" + EXECUTABLE_PROPERTY
				+ " or MOTO_SERVER): install it with 'pip install \"moto[server]\"' to run the tests on moto";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(message + " (CI=true: CI must run these tests)");
		}
		Assumptions.abort(message);
	}

	/** The JVM-wide server, started on first use and stopped when the JVM exits. */
	public static MotoServer shared() {
		synchronized (sharedLock) {
			if (sharedServer == null || !sharedServer.isRunning()) {
				MotoServer server = create().start();
				Runtime.getRuntime().addShutdownHook(new Thread(server::close, "moto-server-stop"));
				sharedServer = server;
			}
			return sharedServer;
		}
	}

	/** A new, not yet started server; the caller closes it. */
	public static MotoServer create() {
		assumeAvailable();
		return new MotoServer(executable().orElseThrow());
	}

	/** Starts the process on a free port and waits until it answers. Idempotent. */
	public synchronized MotoServer start() {
		if (this.process != null) {
			return this;
		}
		this.port = freePort();
		ProcessBuilder builder = new ProcessBuilder(this.executable.toString(), "-H", "127.0.0.1", "-p",
				String.valueOf(this.port))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		// moto reads these for the account and region it reports; fixed so ARNs are predictable.
		builder.environment().put("MOTO_ACCOUNT_ID", ACCOUNT_ID);
		builder.environment().put("AWS_DEFAULT_REGION", REGION);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.executable, ex);
		}
		awaitHealthy();
		return this;
	}

	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** The process id, for tests that check the process is gone after {@link #close()}. */
	public synchronized long pid() {
		return requireStarted().pid();
	}

	/** {@code http://127.0.0.1:<port>}: the endpoint override for every service's client. */
	public URI endpoint() {
		requireStarted();
		return URI.create("http://127.0.0.1:" + this.port);
	}

	@Override
	public URI sqsEndpoint() {
		return endpoint();
	}

	@Override
	public URI snsEndpoint() {
		return endpoint();
	}

	@Override
	public URI eventBridgeEndpoint() {
		return endpoint();
	}

	@Override
	public String accountId() {
		return ACCOUNT_ID;
	}

	@Override
	public Region region() {
		return Region.of(REGION);
	}

	/** Any static credentials work against moto. */
	public AwsCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
	}

	@Override
	public AwsCredentialsProvider credentialsProvider() {
		return credentials();
	}

	/**
	 * Points a client builder of any AWS service at this server, with its region and credentials:
	 * {@code moto.client(SqsClient.builder())}.
	 */
	public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
		return builder.endpointOverride(endpoint()).region(region()).credentialsProvider(credentials()).build();
	}

	/** Forgets every resource of every service ({@code POST /moto-api/reset}). */
	public void reset() {
		HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<Void> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("moto reset answered HTTP " + response.statusCode());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while resetting moto", ex);
		}
	}

	/** Stops the process (and any child it started) and waits for it to end. Idempotent. */
	@Override
	public synchronized void close() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		running.descendants().forEach(ProcessHandle::destroyForcibly);
		running.destroy();
		try {
			if (!running.waitFor(5, TimeUnit.SECONDS)) {
				running.destroyForcibly();
				running.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void awaitHealthy() {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Process running = requireStarted();
			if (!running.isAlive()) {
				this.process = null;
				throw new IllegalStateException(
						"moto_server exited with code " + running.exitValue() + " before answering on port " + this.port);
			}
			try {
				if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				throw new IllegalStateException("Interrupted while waiting for moto_server", ex);
			}
			// Polling a child process's port: there is no event to wait on.
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				throw new IllegalStateException("Interrupted while waiting for moto_server", ex);
			}
		}
		close();
		throw new IllegalStateException("moto_server did not answer on port " + this.port + " within " + START_TIMEOUT);
	}

	private synchronized Process requireStarted() {
		if (this.process == null) {
			throw new IllegalStateException("moto_server is not started; call start() first");
		}
		return this.process;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port for moto_server", ex);
		}
	}

}
