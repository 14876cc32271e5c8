package dev.ferry.core.idempotency;

/** State of an idempotency record, as in Powertools for AWS Lambda's idempotency utility. */
public enum IdempotencyStatus {

	/** A consumer holds the key and is running the handler; the lease says until when. */
	IN_PROGRESS,
	/** The handler finished; duplicates are suppressed until the record expires. */
	COMPLETED,
	/** The lease or the record's time to live lapsed; the key is free again. */
	EXPIRED

}
