package dev.ferry.test.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only record of every delivery decision a stand-in made, for tests and diagnostics.
 * Thread-safe; {@link #records()} returns a snapshot.
 */
public final class DeliveryJournal {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryJournal.class);

	private final List<DeliveryRecord> records = new ArrayList<>();

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
			this.records.add(record);
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
