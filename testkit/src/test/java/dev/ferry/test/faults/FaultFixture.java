package dev.ferry.test.faults;

import java.time.Duration;

import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;

/** What the fault suite needs from one backend. */
interface FaultFixture extends AutoCloseable {

	/** Short name for the figures ({@code sqs}, {@code kafka}). */
	String name();

	Transport transport();

	/** A new resource (queue or topic) with its dead-letter resource. */
	Destination createDestination(String name, RetryPolicy retry);

	/** A destination through which the dead letters of {@code source} can be consumed. */
	Destination deadLetterDestination(String name, Destination source);

	/** Takes the backend away; clients get connection errors until {@link #endOutage()}. */
	void beginOutage();

	/** Brings the backend back, on the same address and with what it held. */
	void endOutage();

	/** Shortest retry back-off the backend honours (SQS: whole seconds of visibility). */
	Duration minimumRetryDelay();

	/** How many listener consumers can work on one destination at the same time. */
	int parallelism();

}
