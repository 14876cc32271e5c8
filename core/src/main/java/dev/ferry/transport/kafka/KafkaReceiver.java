package dev.ferry.transport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Feeds one topic into Ferry's pipeline through {@code concurrency} consumers of one consumer group,
 * each a {@link KafkaConsumerLoop} (a poll thread plus a worker thread), and applies the outcomes
 * per partition, in order, through the {@link KafkaAcknowledger}:
 * <ul>
 * <li>{@code Ack}: the offset advances.</li>
 * <li>{@code Reject}: the record is published to the dead-letter topic (and acknowledged by the
 * broker) with Ferry's {@code ferry-dead-letter} header and the original topic, partition, offset,
 * timestamp and exception headers; then the offset advances.</li>
 * <li>{@code Retry}: the partition is sought back to the record and paused for the retry delay
 * (back-off in place; the other partitions keep flowing); nothing after it in that partition is
 * committed.</li>
 * </ul>
 *
 * <p>Why not spring-kafka's listener container: it calls the listener on the consumer's own thread,
 * so a handler slower than {@code max.poll.interval.ms} makes the consumer leave its group (a
 * rebalance, then a duplicate), and its acknowledgements commit one position across a batch,
 * without the offset metadata Ferry uses to count attempts durably ({@link KafkaAttempts}). The
 * loop here keeps polling with paused partitions while the worker runs the handler, and commits per
 * partition with that metadata. The clients still come from spring-kafka's {@link ConsumerFactory}.
 */
final class KafkaReceiver implements Subscription {

	private static final Logger logger = LoggerFactory.getLogger(KafkaReceiver.class);

	private static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(1);

	private final Destination destination;

	private final ReceiveSettings settings;

	private final InboundProcessor processor;

	private final ConsumerFactory<String, byte[]> consumerFactory;

	private final KafkaAcknowledger acknowledger;

	private final String groupId;

	private final Duration commitTimeout;

	private final Duration revokeWait;

	private final AtomicInteger revocations = new AtomicInteger();

	private final List<KafkaConsumerLoop> loops = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	/**
	 * @param revokeWait how long a consumer losing partitions in a rebalance waits for their running
	 * batch before giving it up (the group waits for it meanwhile)
	 */
	KafkaReceiver(Destination destination, ReceiveSettings settings, InboundProcessor processor,
			ConsumerFactory<String, byte[]> consumerFactory, KafkaAcknowledger acknowledger, String groupId,
			Duration commitTimeout, Duration revokeWait) {
		this.destination = destination;
		this.settings = settings;
		this.processor = processor;
		this.consumerFactory = consumerFactory;
		this.acknowledger = acknowledger;
		this.groupId = groupId;
		this.commitTimeout = commitTimeout;
		this.revokeWait = revokeWait;
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		this.loops.clear();
		this.threads.clear();
		Duration poll = this.settings.pollTimeout().compareTo(MAX_POLL_TIMEOUT) > 0 ? MAX_POLL_TIMEOUT
				: this.settings.pollTimeout();
		poll = poll.toMillis() < 50 ? Duration.ofMillis(50) : poll;
		for (int i = 1; i <= this.settings.concurrency(); i++) {
			String name = "ferry-kafka-" + this.settings.listenerId() + "-" + i;
			KafkaConsumerLoop loop = new KafkaConsumerLoop(this.destination, this.processor, this.acknowledger,
					this.consumerFactory.createConsumer(this.groupId, this.settings.listenerId(), "-" + i), poll,
					this.commitTimeout, this.revokeWait, name + "-worker", this.revocations);
			// Not a daemon: a running listener keeps the application alive, as Spring's containers do.
			Thread thread = new Thread(loop, name);
			this.loops.add(loop);
			this.threads.add(thread);
		}
		this.threads.forEach(Thread::start);
	}

	@Override
	public synchronized void stop(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.loops.forEach(loop -> loop.requestStop(deadline));
		for (Thread thread : this.threads) {
			try {
				// The loop itself gives up its batch at the deadline; closing the consumer takes a little more.
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				thread.join(Math.max(1, left) + 6_000);
				if (thread.isAlive()) {
					logger.warn("kafka/{} consumer {} did not stop within {}; uncommitted records will be redelivered",
							this.destination.name(), thread.getName(), timeout);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.threads.stream().anyMatch(Thread::isAlive);
	}

	/** The consumer group this listener reads in. */
	String groupId() {
		return this.groupId;
	}

	/** How often this listener's consumers lost partitions in a rebalance (for tests and diagnostics). */
	int revocations() {
		return this.revocations.get();
	}

}
