package dev.ferry.test.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;

/**
 * Sends each message in a call of its own, from a thread of its own, all released at once: how a
 * service publishing one message per request reaches a transport. Used to check a publish window.
 */
public final class ConcurrentSends {

	private ConcurrentSends() {
	}

	/**
	 * The result of each message's call, in the order of {@code messages}; fails when a call does not
	 * answer with exactly one result within 60 seconds.
	 */
	public static List<SendResult> send(Transport transport, Destination destination, List<EncodedMessage> messages)
			throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(messages.size());
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<List<SendResult>>> calls = new ArrayList<>();
			for (EncodedMessage message : messages) {
				calls.add(callers.submit(() -> {
					go.await();
					return transport.send(destination, List.of(message)).get(60, TimeUnit.SECONDS);
				}));
			}
			go.countDown();
			List<SendResult> results = new ArrayList<>();
			for (Future<List<SendResult>> call : calls) {
				List<SendResult> one = call.get(60, TimeUnit.SECONDS);
				if (one.size() != 1) {
					throw new AssertionError("a call of one message answered with " + one.size() + " results");
				}
				results.add(one.get(0));
			}
			return results;
		}
		finally {
			callers.shutdownNow();
		}
	}

}
