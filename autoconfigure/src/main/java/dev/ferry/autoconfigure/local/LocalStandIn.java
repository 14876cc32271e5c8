package dev.ferry.autoconfigure.local;

import java.util.Map;

import org.springframework.core.env.Environment;

/**
 * A local replacement for an AWS service that {@code ferry.local.enabled=true} starts inside the
 * application before any AWS client is created, so the application runs with no AWS account and
 * no Docker. A stand-in answers the properties that point the clients at it; properties the user
 * set win over them.
 *
 * <p>Implementations are listed in {@code META-INF/spring.factories} under this interface's name
 * and need a public no-argument constructor. They must not load their server's classes before
 * {@link #isAvailable(ClassLoader)} said yes.
 */
public interface LocalStandIn {

	/** Short name used in {@code ferry.local.stand-ins} and logs ({@code sqs}, {@code sns}, ...). */
	String name();

	/** Whether its server library is on the classpath. */
	boolean isAvailable(ClassLoader classLoader);

	/**
	 * Whether it should start in this environment; a stand-in may decline, for example when the
	 * user already points the client at an endpoint.
	 */
	default boolean shouldStart(Environment environment) {
		return true;
	}

	/** Starts the server and waits until it accepts requests. */
	Started start(Environment environment);

	/** A running stand-in. */
	interface Started extends AutoCloseable {

		/** Properties that point the clients at it (endpoint, region, dummy credentials). */
		Map<String, Object> properties();

		/** A line for the start-up log: what runs where. */
		String description();

		/** Stops the server and waits until it has stopped. */
		@Override
		void close();

	}

}
