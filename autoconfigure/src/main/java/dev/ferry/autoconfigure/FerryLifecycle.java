package dev.ferry.autoconfigure;

import dev.ferry.core.engine.Ferry;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Ferry once the context is refreshed (prepare destinations, run hardening, start
 * listeners) and stops its listeners gracefully before any bean is destroyed. Runs in the last
 * phase, so listeners start after, and stop before, everything they may call.
 */
public final class FerryLifecycle implements SmartLifecycle {

	/** Phase of Ferry's lifecycle: after the web server starts, and stops before it does. */
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
