package dev.ferry.benchmarks.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.benchmarks.sqs.Interleaved;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.transport.kinesis.KinesisTransport;

/**
 * {@code kinesis-publish}: Ferry's {@code publishAll} against a raw PutRecords loop doing the same
 * work: Jackson body, Ferry's headers in Ferry's record format, the message id as partition key,
 * 500 records per request, one request in flight at a time (as Ferry's publisher sends the requests
 * of one call), every record's result checked. Both run on moto (a child process) in one JVM run,
 * interleaved round by round, into the same one-shard stream.
 */
public final class KinesisPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	@Override
	public String name() {
		return "kinesis-publish";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (KinesisBench bench = new KinesisBench()) {
			bench.createStream("bench-publish", 1);
			// Ferry checks a destination's dead-letter stream at start; the raw side needs none.
			bench.createStream("bench-publish-dlq", 1);
			try (Ferry ferry = Ferry.builder()
				.transport(new KinesisTransport(bench.kinesis(), bench.dynamo(), KinesisBench.options()))
				.destination(Destination.of("order-shipped", KinesisTransport.NAME, "bench-publish"))
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				Map<String, Double> rates = new Interleaved().add("ferry", count -> {
					List<OutboundMessage> batch = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						batch.add(OutboundMessage.of("order-shipped", KinesisBench.EVENT));
					}
					return Interleaved.time(() -> ferry.publisher().publishAll(batch).throwIfAnyFailed());
				}).add("raw", count -> Interleaved.time(() -> bench.putRecords("bench-publish", count)))
					.run(options, messages);
				double viaFerry = rates.get("ferry");
				double raw = rates.get("raw");
				System.out.printf(Locale.ROOT, "Ferry publishAll: %.0f records/s%n", viaFerry);
				System.out.printf(Locale.ROOT, "raw PutRecords loop doing Ferry's work: %.0f records/s (ratio %.2f)%n",
						raw, viaFerry / raw);
				return new Result(viaFerry, raw, "raw PutRecords loop: Jackson body in Ferry's record format with the "
						+ "same headers, id as partition key, 500 records per request, one request in flight, "
						+ "every record's result checked");
			}
		}
	}

}
