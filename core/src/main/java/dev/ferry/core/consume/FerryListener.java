package dev.ferry.core.consume;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a consumer of a destination defined under {@code ferry.destinations}.
 *
 * <p>Accepted signatures:
 * <ul>
 * <li>single message: {@code void on(T payload)}, {@code void on(T payload, MessageContext ctx)},
 * {@code void on(Delivery<T> delivery)};</li>
 * <li>batch ({@link #batch()} = true): {@code BatchResult on(List<Delivery<T>> batch)} or
 * {@code void on(List<T> payloads)} (all or nothing).</li>
 * </ul>
 * The parameter type {@code T} drives deserialization. A method returns normally for success;
 * an exception is classified as retryable or not (see {@link ErrorClassifier}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FerryListener {

	/** Logical destination name (a key under {@code ferry.destinations}). */
	String destination();

	/** Listener id for logs, metrics and thread names; defaults to bean name + method name. */
	String id() default "";

	/**
	 * Batches processed at the same time; empty means the destination's or global default.
	 * Supports property placeholders.
	 */
	String concurrency() default "";

	/** Whether the method takes a batch. */
	boolean batch() default false;

	/** Largest batch handed to the method; 0 means the transport's maximum. */
	int maxBatchSize() default 0;

	/** Whether duplicates are suppressed through the {@code IdempotencyStore}. */
	Idempotency idempotent() default Idempotency.DEFAULT;

	/**
	 * SpEL expression evaluated against the payload ({@code #payload}) and the context
	 * ({@code #context}) giving the idempotency key, e.g. {@code #payload.orderId}. Empty uses the
	 * deduplication id, else the message id.
	 */
	String idempotencyKey() default "";

	/** Whether idempotency applies to a listener. */
	enum Idempotency {

		/** As configured for the destination ({@code ferry.destinations.<name>.idempotency.enabled}). */
		DEFAULT,
		/** On. */
		ON,
		/** Off. */
		OFF

	}

}
