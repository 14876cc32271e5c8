package dev.ferry.autoconfigure.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.BatchDeliveryHandler;
import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.Delivery;
import dev.ferry.core.consume.DeliveryHandler;
import dev.ferry.core.consume.MessageContext;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * Adapts a {@code @FerryListener} method to the engine's handler contracts, for the signatures
 * documented on {@link dev.ferry.core.consume.FerryListener}:
 * <ul>
 * <li>{@code void on(T)}, {@code void on(T, MessageContext)}, {@code void on(Delivery<T>)};</li>
 * <li>batch: {@code BatchResult on(List<Delivery<T>>)} (a {@code void} return means every item
 * succeeded) and {@code void on(List<T>)} (all or nothing).</li>
 * </ul>
 * Any other signature is refused when the adapter is created, naming the method. Exceptions the
 * method throws reach the engine unwrapped, so the error classifier sees the real cause.
 */
public final class ListenerMethodAdapter {

	private enum Shape {

		PAYLOAD, PAYLOAD_AND_CONTEXT, DELIVERY, DELIVERY_LIST, PAYLOAD_LIST

	}

	private final Object bean;

	private final Method method;

	private final Shape shape;

	private final Type payloadType;

	private ListenerMethodAdapter(Object bean, Method method, Shape shape, Type payloadType) {
		this.bean = bean;
		this.method = method;
		this.shape = shape;
		this.payloadType = payloadType;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Inspects the method's signature.
	 * @throws FerryConfigurationException naming the method and the accepted signatures when it
	 * does not fit
	 */
	public static ListenerMethodAdapter of(Object bean, Method method, boolean batch) {
		Type[] parameters = method.getGenericParameterTypes();
		String name = describe(method);
		if (batch) {
			if (parameters.length != 1 || elementOf(parameters[0]) == null) {
				throw unsupported(name, "is a batch listener (batch = true) but does not take exactly one List");
			}
			Type element = elementOf(parameters[0]);
			Type delivered = deliveryPayload(element);
			if (delivered != null) {
				Class<?> returned = method.getReturnType();
				if (returned != BatchResult.class && returned != void.class) {
					throw unsupported(name, "takes List<Delivery<T>> and must return BatchResult (or void)");
				}
				return new ListenerMethodAdapter(bean, method, Shape.DELIVERY_LIST, delivered);
			}
			return new ListenerMethodAdapter(bean, method, Shape.PAYLOAD_LIST, element);
		}
		if (parameters.length == 1) {
			Type delivered = deliveryPayload(parameters[0]);
			if (delivered != null) {
				return new ListenerMethodAdapter(bean, method, Shape.DELIVERY, delivered);
			}
			Type element = elementOf(parameters[0]);
			if (element != null && deliveryPayload(element) != null) {
				throw unsupported(name, "takes a List of Delivery but is not marked batch = true");
			}
			if (parameters[0] == MessageContext.class) {
				throw unsupported(name, "takes only a MessageContext; the payload parameter is missing");
			}
			return new ListenerMethodAdapter(bean, method, Shape.PAYLOAD, parameters[0]);
		}
		if (parameters.length == 2 && parameters[1] == MessageContext.class && parameters[0] != MessageContext.class) {
			return new ListenerMethodAdapter(bean, method, Shape.PAYLOAD_AND_CONTEXT, parameters[0]);
		}
		throw unsupported(name, "has " + parameters.length + " parameters in an order Ferry cannot fill");
	}

	/** The type the payload is converted to. */
	public Type payloadType() {
		return this.payloadType;
	}

	public boolean isBatch() {
		return this.shape == Shape.DELIVERY_LIST || this.shape == Shape.PAYLOAD_LIST;
	}

	/** Single-message handler; only for non-batch methods. */
	public DeliveryHandler<Object> handler() {
		return switch (this.shape) {
			case PAYLOAD -> (payload, context) -> invoke(payload);
			case PAYLOAD_AND_CONTEXT -> (payload, context) -> invoke(payload, context);
			case DELIVERY -> (payload, context) -> invoke(new Delivery<>(payload, context));
			default -> throw new IllegalStateException(describe(this.method) + " is a batch listener");
		};
	}

	/** Batch handler; only for batch methods. */
	public BatchDeliveryHandler<Object> batchHandler() {
		return switch (this.shape) {
			case DELIVERY_LIST -> batch -> {
				Object result = invoke(batch);
				return result instanceof BatchResult batchResult ? batchResult : BatchResult.success();
			};
			case PAYLOAD_LIST -> batch -> {
				invoke(batch.stream().map(Delivery::payload).toList());
				return BatchResult.success();
			};
			default -> throw new IllegalStateException(describe(this.method) + " is not a batch listener");
		};
	}

	private @Nullable Object invoke(Object... arguments) throws Exception {
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/** {@code Type} of {@code List<E>}'s element, or null when the type is no parameterized List. */
	private static @Nullable Type elementOf(Type type) {
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
			return parameterized.getActualTypeArguments()[0];
		}
		return null;
	}

	/** {@code T} of {@code Delivery<T>}, or null when the type is no Delivery. */
	private static @Nullable Type deliveryPayload(Type type) {
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Delivery.class) {
			return parameterized.getActualTypeArguments()[0];
		}
		if (type == Delivery.class) {
			return Object.class;
		}
		return null;
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName();
	}

	private static FerryConfigurationException unsupported(String method, String problem) {
		return new FerryConfigurationException("@FerryListener method " + method + " " + problem
				+ ". Use one of: void on(T payload), void on(T payload, MessageContext context), void on(Delivery<T>),"
				+ " or with batch = true: BatchResult on(List<Delivery<T>>), void on(List<T>)");
	}

}
