package dev.ferry.autoconfigure.listener;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.Delivery;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.message.DeliveryControl;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ListenerMethodAdapterTests {

	private final Handlers handlers = new Handlers();

	@Test
	void payloadOnly() throws Exception {
		ListenerMethodAdapter adapter = adapter("payload", false);
		assertThat(adapter.payloadType()).isEqualTo(Order.class);
		assertThat(adapter.isBatch()).isFalse();
		adapter.handler().handle(new Order("o-1"), context("m-1"));
		assertThat(this.handlers.calls).containsExactly("payload o-1");
	}

	@Test
	void payloadAndContext() throws Exception {
		ListenerMethodAdapter adapter = adapter("payloadAndContext", false);
		adapter.handler().handle(new Order("o-1"), context("m-1"));
		assertThat(this.handlers.calls).containsExactly("payloadAndContext o-1 m-1");
	}

	@Test
	void delivery() throws Exception {
		ListenerMethodAdapter adapter = adapter("delivery", false);
		assertThat(adapter.payloadType()).isEqualTo(Order.class);
		adapter.handler().handle(new Order("o-1"), context("m-1"));
		assertThat(this.handlers.calls).containsExactly("delivery o-1 m-1");
	}

	@Test
	void genericPayloadKeepsItsTypeArguments() {
		ListenerMethodAdapter adapter = adapter("listPayload", false);
		assertThat(adapter.payloadType()).isInstanceOf(ParameterizedType.class);
		assertThat(((ParameterizedType) adapter.payloadType()).getActualTypeArguments()).containsExactly(Order.class);
	}

	@Test
	void batchOfDeliveriesReturnsTheHandlersResult() throws Exception {
		ListenerMethodAdapter adapter = adapter("deliveries", true);
		assertThat(adapter.isBatch()).isTrue();
		assertThat(adapter.payloadType()).isEqualTo(Order.class);
		BatchResult result = adapter.batchHandler()
			.handle(List.of(new Delivery<>(new Order("ok"), context("m-1")), new Delivery<>(new Order("bad"), context("m-2"))));
		assertThat(result.failures()).containsOnlyKeys("m-2");
	}

	@Test
	void batchOfPayloadsIsAllOrNothing() throws Exception {
		ListenerMethodAdapter adapter = adapter("payloads", true);
		BatchResult result = adapter.batchHandler().handle(List.of(new Delivery<>(new Order("o-1"), context("m-1"))));
		assertThat(result.isSuccess()).isTrue();
		assertThat(this.handlers.calls).containsExactly("payloads [o-1]");
	}

	@Test
	void handlerExceptionsArriveUnwrapped() {
		ListenerMethodAdapter adapter = adapter("poison", false);
		assertThatExceptionOfType(NonRetryableException.class)
			.isThrownBy(() -> adapter.handler().handle(new Order("o-1"), context("m-1")))
			.withMessage("poison o-1");
	}

	@Test
	void batchFlagWithoutListIsRefused() {
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(() -> adapter("payload", true))
			.withMessageContaining(Handlers.class.getName() + ".payload")
			.withMessageContaining("batch = true");
	}

	@Test
	void listOfDeliveriesWithoutBatchFlagIsRefused() {
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(() -> adapter("deliveries", false))
			.withMessageContaining("not marked batch = true");
	}

	@Test
	void contextOnlyIsRefused() {
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(() -> adapter("contextOnly", false))
			.withMessageContaining("payload parameter is missing");
	}

	@Test
	void wrongBatchReturnTypeIsRefused() {
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(() -> adapter("wrongReturn", true))
			.withMessageContaining("must return BatchResult");
	}

	@Test
	void noParametersIsRefused() {
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(() -> adapter("nothing", false))
			.withMessageContaining("0 parameters");
	}

	private ListenerMethodAdapter adapter(String name, boolean batch) {
		Method method = null;
		for (Method candidate : Handlers.class.getDeclaredMethods()) {
			if (candidate.getName().equals(name)) {
				method = candidate;
			}
		}
		assertThat(method).as(name).isNotNull();
		ReflectionUtils.makeAccessible(method);
		return ListenerMethodAdapter.of(this.handlers, method, batch);
	}

	static MessageContext context(String messageId) {
		return new MessageContext(new InboundMessage(messageId, "t-" + messageId, "orders", new byte[0], Headers.empty(),
				null, null, null, 1, null, Map.of(), DeliveryControl.NONE), null);
	}

	record Order(String orderId) {
	}

	static class Handlers {

		final List<String> calls = new ArrayList<>();

		void payload(Order order) {
			this.calls.add("payload " + order.orderId());
		}

		void payloadAndContext(Order order, MessageContext context) {
			this.calls.add("payloadAndContext " + order.orderId() + " " + context.messageId());
		}

		void delivery(Delivery<Order> delivery) {
			this.calls.add("delivery " + delivery.payload().orderId() + " " + delivery.messageId());
		}

		void listPayload(List<Order> orders) {
		}

		BatchResult deliveries(List<Delivery<Order>> batch) {
			BatchResult.Builder result = BatchResult.builder();
			batch.stream().filter(d -> d.payload().orderId().equals("bad"))
				.forEach(d -> result.fail(d, new IllegalStateException("bad")));
			return result.build();
		}

		void payloads(List<Order> orders) {
			this.calls.add("payloads " + orders.stream().map(Order::orderId).toList());
		}

		void poison(Order order) {
			throw new NonRetryableException("poison " + order.orderId());
		}

		void contextOnly(MessageContext context) {
		}

		String wrongReturn(List<Delivery<Order>> batch) {
			return "";
		}

		void nothing() {
		}

	}

}
