package dev.ferry.core.publish;

import java.util.List;

/**
 * Results of {@link MessagePublisher#publishAll}, one per message in request order.
 */
public record BatchPublishResult(List<PublishEntryResult> entries) {

	public BatchPublishResult {
		entries = List.copyOf(entries);
	}

	public boolean allSucceeded() {
		return this.entries.stream().allMatch(PublishEntryResult::succeeded);
	}

	public List<PublishEntryResult> succeeded() {
		return this.entries.stream().filter(PublishEntryResult::succeeded).toList();
	}

	public List<PublishEntryResult> failed() {
		return this.entries.stream().filter(entry -> !entry.succeeded()).toList();
	}

	/** Throws the first failure, with every other failure suppressed into it, if any entry failed. */
	public BatchPublishResult throwIfAnyFailed() {
		List<PublishEntryResult> failed = failed();
		if (failed.isEmpty()) {
			return this;
		}
		PublishException first = failed.get(0).failure();
		PublishException all = new PublishException(failed.size() + " of " + this.entries.size()
				+ " messages were not accepted; first: " + first.getMessage(), first.destination(), first.errorCode(),
				first.isRetryable(), first);
		failed.stream().skip(1).forEach(entry -> all.addSuppressed(entry.failure()));
		throw all;
	}

}
