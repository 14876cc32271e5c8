package dev.ferry.benchmarks.sns;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.ferry.benchmarks.ConcurrentCalls;
import dev.ferry.benchmarks.RequestCounter;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.transport.sns.SnsOptions;
import dev.ferry.transport.sns.SnsTransport;
import io.awspring.cloud.sns.core.SnsTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sns-publish-concurrent}: 64 caller threads, each publishing one message per call and waiting
 * for it, on the LocalAws SNS stand-in (topics without subscribers). Ferry's {@code publish()}, whose
 * default {@code ferry.sns.publish.batch-window} of 5 ms gathers concurrent calls into PublishBatch
 * requests, against Spring Cloud AWS's {@code SnsTemplate.sendNotification} from the same threads
 * (Jackson body on both sides). Each side's client counts its requests; prints throughput (median of
 * rounds), send requests per message and call latency.
 */
public final class SnsPublishConcurrentScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 1_000;

	private static final int THREADS = 64;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Override
	public String name() {
		return "sns-publish-concurrent";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
		SnsPublishScenario.OrderPlaced order = new SnsPublishScenario.OrderPlaced("o-1", "c-42", 3, 19.99);
		RequestCounter ferryRequests = new RequestCounter();
		RequestCounter templateRequests = new RequestCounter();
		ExecutorService callers = Executors.newFixedThreadPool(THREADS);
		try (LocalAws aws = LocalAws.start();
				SnsAsyncClient sns = SnsAsyncClient.builder().endpointOverride(aws.snsEndpoint()).region(aws.region())
					.credentialsProvider(aws.credentialsProvider())
					.overrideConfiguration(c -> c.addExecutionInterceptor(ferryRequests)).build();
				SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(aws.sqsEndpoint()).region(aws.region())
					.credentialsProvider(aws.credentialsProvider()).build();
				SnsClient blocking = SnsClient.builder().endpointOverride(aws.snsEndpoint()).region(aws.region())
					.credentialsProvider(aws.credentialsProvider())
					.overrideConfiguration(c -> c.addExecutionInterceptor(templateRequests)).build()) {
			String templateTopic = blocking.createTopic(b -> b.name("bench-concurrent-template")).topicArn();
			try (Ferry ferry = Ferry.builder()
				.transport(new SnsTransport(sns, sqs))
				.destination(Destination.of("orders", SnsTransport.NAME, "bench-concurrent-ferry"))
				.provision(true)
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				SnsTemplate template = new SnsTemplate(blocking);
				Set<String> sends = Set.of("PublishBatch", "Publish");
				ConcurrentCalls ferrySide = new ConcurrentCalls(THREADS, ferryRequests, sends);
				ConcurrentCalls templateSide = new ConcurrentCalls(THREADS, templateRequests, sends);
				for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
					boolean measured = round >= options.warmupRounds();
					ferrySide.round(callers, messages, measured, () -> ferry.publisher().publish(OutboundMessage.of("orders", order)));
					templateSide.round(callers, messages, measured,
							() -> template.sendNotification(templateTopic, MAPPER.writeValueAsString(order), null));
				}
				System.out.printf(Locale.ROOT, "settings: %d caller threads, one message per call, %d messages per round; "
						+ "Ferry: SDK async Netty client (default max 50 connections), batch window %d ms; "
						+ "SnsTemplate: the SDK's default synchronous client (default max 50 connections)%n",
						THREADS, messages, SnsOptions.DEFAULT_PUBLISH_BATCH_WINDOW.toMillis());
				return ConcurrentCalls.report(ferrySide, templateSide, "SnsTemplate.sendNotification", messages, "",
						"Spring Cloud AWS SnsTemplate.sendNotification from the same " + THREADS + " threads, one message per call");
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

}
