package dev.ferry.test.aws;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Record of the delivery decisions a stand-in made, for tests and diagnostics. Keeps the most
 * recent {@value #CAPACITY} records so that a long-running local application does not grow
 * without bound. Thread-safe; {@link #records()} returns a snapshot.
 */
public final class DeliveryJournal {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryJournal.class);

	/** How many records are kept (a stand-in choice, not an AWS number). */
	public static final int CAPACITY = 10_000;

	private final ArrayDeque<DeliveryRecord> records = new ArrayDeque<>();

	/**
	 * Appends a record; a lost message is also logged at WARN because AWS would drop it silently.
	 * @param record the record
	 */
	public void add(DeliveryRecord record) {
		if (record.outcome() == DeliveryRecord.Outcome.LOST) {
			logger.warn("Message {} from {} to {} is lost: {}", record.messageId(), record.source(),
					record.destination(), record.detail());
		}
		synchronized (this.records) {
			if (this.records.size() == CAPACITY) {
				this.records.removeFirst();
			}
			this.records.addLast(record);
		}
	}

	/** @return a snapshot of all records, oldest first */
	public List<DeliveryRecord> records() {
		synchronized (this.records) {
			return List.copyOf(this.records);
		}
	}

	/**
	 * @param filter which records to keep
	 * @return a snapshot of the matching records, oldest first
	 */
	public List<DeliveryRecord> records(Predicate<DeliveryRecord> filter) {
		return records().stream().filter(filter).toList();
	}

}
