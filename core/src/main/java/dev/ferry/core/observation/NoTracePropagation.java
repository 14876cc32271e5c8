package dev.ferry.core.observation;

import java.util.Map;

import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;

/** {@link TracePropagation#none()}: shared do-nothing instances, no allocation per message. */
enum NoTracePropagation implements TracePropagation, TracePropagation.Publication, TracePropagation.Scope {

	INSTANCE;

	@Override
	public Publication publish(String destination, String transport) {
		return this;
	}

	@Override
	public Scope open(Headers headers, String destination, String transport, String listener) {
		return this;
	}

	@Override
	public Map<String, String> inject() {
		return Map.of();
	}

	@Override
	public void stop(String outcome, @Nullable Throwable error) {
	}

	@Override
	public void outcome(String outcome) {
	}

	@Override
	public void error(Throwable error) {
	}

	@Override
	public void close() {
	}

}
