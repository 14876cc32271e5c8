package dev.ferry.autoconfigure.local;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.test.aws.LocalAws;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Amazon SQS, SNS and EventBridge in this JVM through {@code ferry-test}'s {@link LocalAws}:
 * embedded ElasticMQ (behind a proxy that keeps queue policies, so hardening rules about them can
 * be checked locally) with Ferry's SNS and EventBridge stand-ins delivering into it. Points Spring
 * Cloud AWS at it: {@code spring.cloud.aws.sqs.endpoint}, {@code spring.cloud.aws.sns.endpoint},
 * a static region ({@value #REGION}; Spring Cloud AWS's SQS auto-configuration fails without one)
 * and dummy credentials, and publishes all three endpoints under {@code ferry.local.endpoint.*}.
 * Declines to start when the user already set {@code spring.cloud.aws.sqs.endpoint}.
 */
public final class LocalAwsStandIn implements LocalStandIn {

	/** Region the local services write into ARNs and the clients are configured with. */
	static final String REGION = "us-east-1";

	static final String ENDPOINT_PROPERTY = "spring.cloud.aws.sqs.endpoint";

	@Override
	public String name() {
		return "aws";
	}

	@Override
	public boolean isAvailable(ClassLoader classLoader) {
		return ClassUtils.isPresent("dev.ferry.test.aws.LocalAws", classLoader)
				&& ClassUtils.isPresent("org.elasticmq.rest.sqs.SQSRestServerBuilder", classLoader)
				&& ClassUtils.isPresent("software.amazon.awssdk.services.sns.SnsClient", classLoader)
				&& ClassUtils.isPresent("software.amazon.awssdk.services.eventbridge.EventBridgeClient", classLoader);
	}

	@Override
	public boolean shouldStart(Environment environment) {
		return !environment.containsProperty(ENDPOINT_PROPERTY);
	}

	@Override
	public Started start(Environment environment) {
		return Server.start();
	}

	/** Kept apart so the stand-in's classes load only once it is known to be available. */
	private static final class Server implements Started {

		private final LocalAws aws;

		private Server(LocalAws aws) {
			this.aws = aws;
		}

		static Server start() {
			return new Server(LocalAws.start());
		}

		@Override
		public Map<String, Object> properties() {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put(ENDPOINT_PROPERTY, this.aws.sqsEndpoint().toString());
			properties.put("spring.cloud.aws.sns.endpoint", this.aws.snsEndpoint().toString());
			properties.put("spring.cloud.aws.region.static", REGION);
			// The local services accept any credentials; these only keep the SDK's provider chain quiet.
			properties.put("spring.cloud.aws.credentials.access-key", "ferry-local");
			properties.put("spring.cloud.aws.credentials.secret-key", "ferry-local");
			properties.put("ferry.local.endpoint.sqs", this.aws.sqsEndpoint().toString());
			properties.put("ferry.local.endpoint.sns", this.aws.snsEndpoint().toString());
			properties.put("ferry.local.endpoint.eventbridge", this.aws.eventBridgeEndpoint().toString());
			return properties;
		}

		@Override
		public String description() {
			return "SQS (embedded ElasticMQ) on " + this.aws.sqsEndpoint() + ", SNS on " + this.aws.snsEndpoint()
					+ ", EventBridge on " + this.aws.eventBridgeEndpoint();
		}

		@Override
		public void close() {
			this.aws.close();
		}

	}

}
