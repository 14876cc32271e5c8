package dev.ferry.benchmarks.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.DeliveryControl;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.transport.inmemory.InMemoryTransport;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same work done two ways: through Ferry's pipeline (conversion, idempotency gate, handler,
 * outcome) and by hand (Jackson read, handler call). The handler only sums a field, so the
 * difference is the pipeline's own cost.
 */
public final class PipelineFixture implements AutoCloseable {

	/** The benchmark's payload. */
	public record OrderPlaced(String orderId, String customer, int quantity, double amount) {
	}

	private static final byte[] BODY = "{\"orderId\":\"o-1\",\"customer\":\"c-42\",\"quantity\":3,\"amount\":19.99}"
		.getBytes(StandardCharsets.UTF_8);

	private static final Headers HEADERS = Headers.of(Map.of(FerryHeaders.TYPE, OrderPlaced.class.getName()));

	private final AtomicLong ids = new AtomicLong();

	private final Ferry ferry;

	private final InboundProcessor pipeline;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private long sink;

	public PipelineFixture(boolean idempotent) {
		this.ferry = Ferry.builder()
			.transport(new InMemoryTransport())
			.destination(Destination.of("orders", InMemoryTransport.NAME, "orders"))
			.hardeningMode(HardeningMode.OFF)
			.build();
		this.pipeline = this.ferry.pipeline(ListenerDefinition
			.builder("bench", "orders", OrderPlaced.class, (order, context) -> this.sink += order.quantity())
			.idempotent(idempotent)
			.build());
	}

	/** One message through Ferry's pipeline; each call uses a new message id. */
	public Object viaFerry() {
		String id = "m-" + this.ids.incrementAndGet();
		InboundMessage message = new InboundMessage(id, id, "orders", BODY, HEADERS, null, null, null, 1, null, Map.of(),
				DeliveryControl.NONE);
		return this.pipeline.process(List.of(message));
	}

	/** The same message handled by hand. */
	public Object direct() {
		OrderPlaced order = this.mapper.readValue(BODY, OrderPlaced.class);
		this.sink += order.quantity();
		return order;
	}

	public long sink() {
		return this.sink;
	}

	@Override
	public void close() {
		this.ferry.close();
	}

}
