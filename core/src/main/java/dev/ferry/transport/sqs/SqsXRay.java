package dev.ferry.transport.sqs;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Where the SQS adapter finds the X-Ray trace header of the current invocation. When a published
 * message carries no {@link SqsHeaders#AWS_TRACE_HEADER} header, the publisher asks this supplier
 * and, if it answers, sends the answer as the {@code AWSTraceHeader} system attribute, so X-Ray
 * links the producer's segment to the consumer.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-services-sqs.html
 */
public final class SqsXRay {

	/**
	 * System property in which the Lambda Java runtime puts the trace header of the current
	 * invocation. https://docs.aws.amazon.com/lambda/latest/dg/java-tracing.html
	 */
	public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

	/**
	 * Environment variable holding the trace header in AWS Lambda.
	 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
	 */
	public static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

	private SqsXRay() {
	}

	/** Reads the system property, then the environment variable; blank values count as absent. */
	public static Supplier<@Nullable String> fromEnvironment() {
		return from(System::getProperty, System.getenv());
	}

	/** Never supplies a header: only an explicit {@code AWSTraceHeader} header is sent. */
	public static Supplier<@Nullable String> none() {
		return () -> null;
	}

	/**
	 * Like {@link #fromEnvironment()} over the given sources. The property comes first: the Lambda
	 * Java runtime updates it per invocation, while the JVM cannot change its environment.
	 */
	static Supplier<@Nullable String> from(Function<String, @Nullable String> properties,
			Map<String, String> environment) {
		Objects.requireNonNull(properties, "properties");
		Objects.requireNonNull(environment, "environment");
		return () -> {
			String property = properties.apply(TRACE_HEADER_PROPERTY);
			if (property != null && !property.isBlank()) {
				return property;
			}
			String variable = environment.get(TRACE_HEADER_VARIABLE);
			return (variable != null && !variable.isBlank()) ? variable : null;
		};
	}

}
