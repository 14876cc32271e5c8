package dev.ferry.core.idempotency;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The transactional inbox: an idempotency record written in the same database transaction as the
 * handler's own work, so the two commit or roll back together. With it a message's effects are
 * applied once even when the consumer dies at any point: before the commit nothing of the message
 * is kept (and it is redelivered), after the commit its key is COMPLETED (and the redelivery is
 * suppressed as a duplicate).
 *
 * <p>The pipeline calls {@link #inTransaction} around claiming, the handler and the outcome, and
 * acknowledges the message to its transport only after it returned. {@link #claim} and
 * {@link #unclaim} must be called inside that transaction. Implementations live next to a store
 * and its transaction manager (the JDBC one is {@code JdbcTransactionalInbox}); the core knows
 * only this interface.
 */
public interface TransactionalInbox {

	/**
	 * Runs {@code work} in a new transaction, suspending any the thread already runs. The
	 * transaction commits before this method returns when {@code work} returns true, and rolls back
	 * when it returns false or throws (the exception is rethrown).
	 * @return whether the transaction committed
	 * @throws RuntimeException when the transaction could not begin or commit (then nothing of it
	 * was kept)
	 */
	boolean inTransaction(BooleanSupplier work);

	/**
	 * Claims {@code key} inside the current transaction; the key is recorded as COMPLETED for
	 * {@code ttl} when the transaction commits and is gone when it rolls back. While another
	 * transaction holds an uncommitted claim of the same key this call waits for it to end (a row
	 * lock), then answers {@link AcquireResult.Decision#COMPLETED} if it committed or claims the key
	 * if it rolled back; so two consumers never both run the handler for one key.
	 * @return {@link AcquireResult.Decision#ACQUIRED}, {@link AcquireResult.Decision#COMPLETED}, or
	 * {@link AcquireResult.Decision#IN_PROGRESS} when a consumer without the inbox holds a live lease
	 * on the key (through the plain {@link IdempotencyStore})
	 */
	AcquireResult claim(String key, String owner, Duration ttl);

	/**
	 * Withdraws, inside the current transaction, a claim made in it: used when a batch transaction
	 * commits but some of its messages failed and are to be retried.
	 */
	void unclaim(String key, String owner);

}
