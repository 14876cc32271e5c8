package dev.ferry.core.outbox;

import java.util.List;
import java.util.function.Function;

import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;

/**
 * Where published messages wait for their transaction to commit. {@link #append} runs inside the
 * application's transaction, so a rolled-back transaction leaves nothing to send; {@link #relay}
 * hands committed entries to a sender in rounds.
 *
 * <p>Contract of {@link #relay}: entries held by a concurrent relay round (another thread or
 * instance) are skipped, never handed out twice at the same time; an entry is handed out only when
 * no earlier entry of the same destination and key is pending outside this round, so per-key
 * order is kept across instances; entries the sender accepted are removed in the same round;
 * entries it rejected as retryable stay for a later round; entries it rejected as not retryable are
 * set aside (kept, marked failed, never sent again). A relay that dies mid-round leaves its entries
 * to be sent again: delivery from the outbox is at least once.
 */
public interface Outbox {

	/** Whether {@link #append} can run now: a transaction on the outbox's database is active on this thread. */
	boolean isTransactionActive();

	/**
	 * Stores messages for {@code destination} in the current transaction, in order.
	 * @param afterCommit run once after the transaction committed (to wake the relay)
	 * @throws dev.ferry.core.FerryException when they could not be stored
	 */
	void append(String destination, List<EncodedMessage> messages, Runnable afterCommit);

	/**
	 * Runs one relay round over at most {@code limit} committed entries, in id order.
	 * @param sender sends the entries and returns one result per entry, in order
	 * @return how many entries the round handed to the sender
	 */
	int relay(int limit, Function<List<OutboxEntry>, List<SendResult>> sender);

}
