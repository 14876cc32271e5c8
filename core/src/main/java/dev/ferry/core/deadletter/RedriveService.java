package dev.ferry.core.deadletter;

import java.util.concurrent.CompletableFuture;

/**
 * Moves messages from a dead-letter destination back to where they came from (SQS:
 * StartMessageMoveTask). Implemented by transports that can.
 */
public interface RedriveService {

	/**
	 * Starts moving the dead letters of the logical destination back to their source.
	 * @param destination logical name of the destination whose dead letters to redrive
	 * @param maxMessagesPerSecond rate limit, or 0 for the service default
	 * @return a handle identifying the move (SQS task handle)
	 */
	CompletableFuture<String> redrive(String destination, int maxMessagesPerSecond);

}
