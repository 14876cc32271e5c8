package dev.ferry.autoconfigure;

import dev.ferry.core.engine.Ferry;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Ferry once the context is refreshed (prepare destinations, run hardening, start
 * listeners) and stops its listeners gracefully before any bean is destroyed. Its phase is late:
 * listeners start after the web server and stop before its graceful shutdown begins. The
 * publisher keeps working until the context destroys the {@link Ferry} bean, so requests still in
 * flight can publish.
 */
public final class FerryLifecycle implements SmartLifecycle {

	/** Phase of Ferry's lifecycle: above the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final Ferry ferry;

	public FerryLifecycle(Ferry ferry) {
		this.ferry = ferry;
	}

	@Override
	public void start() {
		this.ferry.start();
	}

	@Override
	public void stop() {
		this.ferry.stop();
	}

	@Override
	public boolean isRunning() {
		return this.ferry.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
