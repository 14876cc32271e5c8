package dev.ferry.transport.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import org.jspecify.annotations.Nullable;

/**
 * A queue with the semantics of an SQS queue, held in memory: a received message becomes
 * invisible for a visibility timeout and reappears unless deleted; every receive counts; a retry
 * sets when it reappears; delays hold a new message back. In FIFO mode messages of one group are
 * delivered in order and a group with a message in flight (or waiting for its retry) delivers
 * nothing else; a deduplication id seen in the last five minutes drops the new message.
 *
 * <p>Each receive hands out a new receipt token; an acknowledgement with a stale token (the
 * message was received again meanwhile) is ignored, as SQS ignores a stale receipt handle.
 */
public final class InMemoryQueue {

	/** FIFO deduplication window, as SQS's (AWS-FACTS: MessageDeduplicationId, 5-minute window). */
	static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);

	private final String name;

	private final boolean fifo;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final LinkedList<Stored> messages = new LinkedList<>();

	private final Map<String, Long> deduplication = new HashMap<>();

	private long sequence;

	InMemoryQueue(String name, boolean fifo) {
		this.name = name;
		this.fifo = fifo;
	}

	public String name() {
		return this.name;
	}

	public boolean isFifo() {
		return this.fifo;
	}

	/** Adds a message; returns its transport id (an existing one when deduplicated). */
	String enqueue(EncodedMessage message, @Nullable Instant sentAt) {
		this.lock.lock();
		try {
			long now = System.nanoTime();
			if (this.fifo && message.deduplicationId() != null) {
				this.deduplication.values().removeIf(seenAt -> now - seenAt > DEDUPLICATION_WINDOW.toNanos());
				if (this.deduplication.containsKey(message.deduplicationId())) {
					return "deduplicated:" + message.deduplicationId();
				}
				this.deduplication.put(message.deduplicationId(), now);
			}
			String id = this.name + "-" + (++this.sequence);
			this.messages.add(new Stored(id, message, sentAt != null ? sentAt : Instant.now(),
					now + message.delay().toNanos()));
			this.changed.signalAll();
			return id;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits up to {@code wait} for visible messages and takes up to {@code max} of them, making them
	 * invisible for {@code visibility}.
	 */
	List<Received> receive(int max, Duration wait, Duration visibility) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (true) {
				long now = System.nanoTime();
				List<Received> taken = take(max, now, visibility);
				if (!taken.isEmpty()) {
					return taken;
				}
				long remaining = deadline - now;
				if (remaining <= 0) {
					return List.of();
				}
				long nextVisible = nextVisibleAt(now);
				long pause = nextVisible > now ? Math.min(remaining, nextVisible - now) : remaining;
				this.changed.awaitNanos(Math.max(pause, TimeUnit.MILLISECONDS.toNanos(1)));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private List<Received> take(int max, long now, Duration visibility) {
		List<Received> taken = new ArrayList<>();
		Set<String> blockedGroups = new HashSet<>();
		for (Stored stored : this.messages) {
			if (taken.size() >= max) {
				break;
			}
			String group = this.fifo ? stored.message.key() : null;
			if (group != null && blockedGroups.contains(group)) {
				continue;
			}
			if (stored.visibleAt > now) {
				if (group != null) {
					blockedGroups.add(group);
				}
				continue;
			}
			stored.receiveCount++;
			stored.token++;
			stored.visibleAt = now + visibility.toNanos();
			taken.add(new Received(stored.id, stored.token, stored.message, stored.receiveCount, stored.sentAt));
		}
		return taken;
	}

	private long nextVisibleAt(long now) {
		long next = Long.MAX_VALUE;
		for (Stored stored : this.messages) {
			if (stored.visibleAt > now && stored.visibleAt < next) {
				next = stored.visibleAt;
			}
		}
		return next;
	}

	/** Deletes the message if the token is current. */
	boolean delete(String id, long token) {
		return update(id, token, null, true);
	}

	/** Makes the message visible again after {@code delay} if the token is current. */
	boolean changeVisibility(String id, long token, Duration delay) {
		return update(id, token, delay, false);
	}

	private boolean update(String id, long token, @Nullable Duration delay, boolean remove) {
		this.lock.lock();
		try {
			Iterator<Stored> iterator = this.messages.iterator();
			while (iterator.hasNext()) {
				Stored stored = iterator.next();
				if (stored.id.equals(id)) {
					if (stored.token != token) {
						return false;
					}
					if (remove) {
						iterator.remove();
					}
					else {
						stored.visibleAt = System.nanoTime() + delay.toNanos();
					}
					this.changed.signalAll();
					return true;
				}
			}
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Messages in the queue, visible or not. */
	public int size() {
		this.lock.lock();
		try {
			return this.messages.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Messages being processed (received, not yet deleted, invisible). */
	public int inFlight() {
		this.lock.lock();
		try {
			long now = System.nanoTime();
			return (int) this.messages.stream().filter(stored -> stored.receiveCount > 0 && stored.visibleAt > now).count();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A snapshot of the bodies and headers stored, oldest first. */
	public List<Snapshot> snapshot() {
		this.lock.lock();
		try {
			return this.messages.stream()
				.map(stored -> new Snapshot(stored.id, stored.message.body(), stored.message.headers(),
						stored.receiveCount))
				.toList();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One stored message as seen from outside.
	 * @param transportId the queue's id of the message
	 * @param body raw body
	 * @param headers headers
	 * @param receiveCount how often it was received
	 */
	public record Snapshot(String transportId, byte[] body, Headers headers, int receiveCount) {
	}

	/** A received message with its receipt token. */
	record Received(String id, long token, EncodedMessage message, int receiveCount, Instant sentAt) {
	}

	private static final class Stored {

		final String id;

		final EncodedMessage message;

		final Instant sentAt;

		long visibleAt;

		int receiveCount;

		long token;

		Stored(String id, EncodedMessage message, Instant sentAt, long visibleAt) {
			this.id = id;
			this.message = message;
			this.sentAt = sentAt;
			this.visibleAt = visibleAt;
		}

	}

}
