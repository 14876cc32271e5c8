package dev.ferry.autoconfigure.local;

import java.util.LinkedHashMap;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Amazon SQS through an embedded ElasticMQ (on the classpath with {@code ferry-test}). Points
 * Spring Cloud AWS at it: {@code spring.cloud.aws.sqs.endpoint}, a static region
 * ({@value #REGION}; Spring Cloud AWS's SQS auto-configuration fails without a region) and dummy
 * credentials. Declines to start when the user already set {@code spring.cloud.aws.sqs.endpoint}.
 */
public final class ElasticMqStandIn implements LocalStandIn {

	/** Region ElasticMQ writes into queue ARNs and the SQS client is configured with. */
	static final String REGION = "us-east-1";

	static final String ENDPOINT_PROPERTY = "spring.cloud.aws.sqs.endpoint";

	@Override
	public String name() {
		return "sqs";
	}

	@Override
	public boolean isAvailable(ClassLoader classLoader) {
		return ClassUtils.isPresent("org.elasticmq.rest.sqs.SQSRestServerBuilder", classLoader);
	}

	@Override
	public boolean shouldStart(Environment environment) {
		return !environment.containsProperty(ENDPOINT_PROPERTY);
	}

	@Override
	public Started start(Environment environment) {
		return Server.start();
	}

	/** Kept apart so ElasticMQ's classes load only once the stand-in is known to be available. */
	private static final class Server implements Started {

		private final SQSRestServer server;

		private final int port;

		private Server(SQSRestServer server, int port) {
			this.server = server;
			this.port = port;
		}

		static Server start() {
			SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
				.withDynamicPort()
				.withAWSRegion(REGION)
				.start();
			int port = server.waitUntilStarted().localAddress().getPort();
			return new Server(server, port);
		}

		@Override
		public Map<String, Object> properties() {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put(ENDPOINT_PROPERTY, "http://127.0.0.1:" + this.port);
			properties.put("spring.cloud.aws.region.static", REGION);
			// ElasticMQ accepts any credentials; these only keep the SDK's provider chain quiet.
			properties.put("spring.cloud.aws.credentials.access-key", "ferry-local");
			properties.put("spring.cloud.aws.credentials.secret-key", "ferry-local");
			return properties;
		}

		@Override
		public String description() {
			return "SQS (embedded ElasticMQ) on http://127.0.0.1:" + this.port;
		}

		@Override
		public void close() {
			this.server.stopAndWait();
		}

	}

}
