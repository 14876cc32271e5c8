package dev.ferry.test.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.Assumptions;

/**
 * What the crash tests share: the PostgreSQL server they need, tables with names no other run
 * uses, and child JVMs on the test class path that are killed with SIGKILL.
 */
final class CrashRig {

	static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private CrashRig() {
	}

	/**
	 * Skips the test with a message where PostgreSQL at 127.0.0.1:5432 does not answer; under CI
	 * (which starts the server) the test fails instead, so a missing server is never silently green.
	 */
	static void assumePostgreSql() {
		try (Connection connection = connect()) {
			connection.isValid(5);
		}
		catch (SQLException ex) {
			String message = "Crash tests need PostgreSQL at 127.0.0.1:5432 (database test, user postgres, trust "
					+ "auth); it does not answer: " + ex.getMessage();
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(message, ex);
			}
			Assumptions.abort(message);
		}
	}

	static Connection connect() throws SQLException {
		return DriverManager.getConnection(JDBC_URL, "postgres", "");
	}

	static String unique(String prefix) {
		return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	static void execute(String... statements) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long[] longs(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			long[] values = new long[row.getMetaData().getColumnCount()];
			for (int i = 0; i < values.length; i++) {
				values[i] = row.getLong(i + 1);
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void dropTables(String... tables) {
		for (String table : tables) {
			try {
				execute("DROP TABLE IF EXISTS " + table);
			}
			catch (RuntimeException ex) {
				// best effort: a leftover table with a random name harms nobody
			}
		}
	}

	/** A child JVM running {@link CrashChild}. */
	static final class Child {

		private final Process process;

		private final Path log;

		private Child(Process process, Path log) {
			this.process = process;
			this.log = log;
		}

		static Child start(Map<String, String> properties) {
			try {
				Path log = Files.createTempFile("ferry-crash-child-", ".log");
				List<String> command = new ArrayList<>();
				command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
				command.add("-Xmx384m");
				command.add("-XX:+UseSerialGC");
				// start fast on a busy machine: the child's work is I/O-bound
				command.add("-XX:TieredStopAtLevel=1");
				properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
				command.add(CrashChild.class.getName());
				ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(log.toFile());
				builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
				return new Child(builder.start(), log);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start a child JVM: " + ex.getMessage(), ex);
			}
		}

		/** Waits until the child has started its Ferry (it prints READY). */
		Child awaitReady() {
			until("child start-up", Duration.ofMinutes(2), Duration.ofMillis(50), () -> log().contains("READY"));
			return this;
		}

		/**
		 * Waits for {@code condition} while the child lives; a timeout or the child's death fails
		 * with the end of its log.
		 */
		void until(String alias, Duration atMost, Duration poll, Callable<Boolean> condition) {
			try {
				Awaitility.await(alias)
					.atMost(atMost)
					.pollInterval(poll)
					.failFast("child died", () -> !isAlive())
					.until(condition);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(alias + " failed: " + ex.getMessage() + "\nchild log:\n" + tail(), ex);
			}
		}

		/** SIGKILL: no shutdown hook, no graceful stop, in-flight work is simply gone. */
		void kill() {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		/** Waits for the child to end by itself (after a deliberate halt). */
		int awaitExit(Duration timeout) throws InterruptedException {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Child did not end within " + timeout + "; log: " + tail());
			}
			return this.process.exitValue();
		}

		String tail() {
			try {
				List<String> lines = Files.readAllLines(this.log);
				return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
			}
			catch (IOException ex) {
				return "(log unreadable: " + ex.getMessage() + ")";
			}
		}

		String log() {
			try {
				return Files.readString(this.log);
			}
			catch (IOException ex) {
				return "";
			}
		}

	}

}
