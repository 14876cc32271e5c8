package dev.ferry.benchmarks.sqs;

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
import dev.ferry.transport.sqs.SqsOptions;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * {@code sqs-publish-concurrent}: 64 caller threads, each publishing one message per call and waiting
 * for it, the way a web service publishes one event per request. Ferry's {@code publish()} (with the
 * default {@code ferry.sqs.publish.batch-window} of 5 ms, which gathers concurrent calls into
 * SendMessageBatch requests) against Spring Cloud AWS's {@code SqsTemplate.send} from the same 64
 * threads. Each side has its own client of the same settings, with an {@code ExecutionInterceptor}
 * counting requests; prints throughput (median of rounds), requests per message and the p99 latency
 * of one call over all measured rounds.
 */
public final class SqsPublishConcurrentScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 1_000;

	private static final int THREADS = 64;

	@Override
	public String name() {
		return "sqs-publish-concurrent";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		SqsBench.OrderPlaced order = new SqsBench.OrderPlaced("o-1", "c-42", 3, 19.99);
		ExecutorService callers = Executors.newFixedThreadPool(THREADS);
		RequestCounter ferryRequests = new RequestCounter();
		RequestCounter templateRequests = new RequestCounter();
		try (SqsBench bench = new SqsBench();
				SqsAsyncClient ferryClient = bench.countedClient(ferryRequests);
				SqsAsyncClient templateClient = bench.countedClient(templateRequests)) {
			String ferryUrl = bench.createQueue("bench-concurrent-ferry");
			String templateUrl = bench.createQueue("bench-concurrent-template");
			try (Ferry ferry = Ferry.builder()
				.transport(new SqsTransport(ferryClient, SqsOptions.defaults()))
				.destination(Destination.of("orders", SqsTransport.NAME, "bench-concurrent-ferry"))
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				SqsTemplate template = SqsTemplate.newTemplate(templateClient);
				Set<String> sends = Set.of("SendMessageBatch", "SendMessage");
				ConcurrentCalls ferrySide = new ConcurrentCalls(THREADS, ferryRequests, sends);
				ConcurrentCalls templateSide = new ConcurrentCalls(THREADS, templateRequests, sends);
				for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
					boolean measured = round >= options.warmupRounds();
					ferrySide.round(callers, messages, measured, () -> ferry.publisher().publish(OutboundMessage.of("orders", order)));
					bench.purge(ferryUrl);
					templateSide.round(callers, messages, measured,
							() -> template.send(to -> to.queue("bench-concurrent-template").payload(order)));
					bench.purge(templateUrl);
				}
				System.out.printf(Locale.ROOT, "settings: %d caller threads, one message per call, %d messages per round; "
						+ "each side its own SDK Netty client (default max 50 connections); Ferry batch window %d ms%n",
						THREADS, messages, SqsOptions.DEFAULT_PUBLISH_BATCH_WINDOW.toMillis());
				return ConcurrentCalls.report(ferrySide, templateSide, "SqsTemplate.send", messages, " (target <= 0.15)",
						"Spring Cloud AWS SqsTemplate.send from the same " + THREADS + " threads, one message per call");
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

}
