package dev.ferry.core.engine;

import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * One non-daemon thread that keeps the JVM alive while Ferry's listeners run, so a worker service
 * without a web server ({@code SpringApplication.run} returning from {@code main}) keeps consuming
 * until it is told to stop — as Spring's own listener containers keep an application alive.
 *
 * <p>Why one thread here rather than non-daemon receiver threads: it covers every transport at once
 * (each adapter's poll, worker and heartbeat threads, present and future, can stay daemons and need
 * not agree on a flag); a handler stuck beyond the shutdown timeout can never hold the JVM once
 * Ferry has stopped; and it runs only while at least one listener does, so an application that only
 * publishes (a command-line job) still exits when its {@code main} returns. A SIGTERM runs the
 * shutdown hooks whatever threads are alive; Spring Boot's hook closes the context, Ferry's
 * lifecycle stops the listeners gracefully, and this thread ends with them.
 */
final class KeepAlive {

	private @Nullable CountDownLatch running;

	synchronized void start() {
		if (this.running != null) {
			return;
		}
		CountDownLatch latch = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "ferry-keep-alive");
		thread.setDaemon(false);
		thread.start();
		this.running = latch;
	}

	synchronized void stop() {
		if (this.running != null) {
			this.running.countDown();
			this.running = null;
		}
	}

	synchronized boolean isRunning() {
		return this.running != null;
	}

}
