package dev.ferry.test.aws;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the stand-ins (Jackson 3). Internal; not a stable API.
 */
public final class Json {

	/** Shared, immutable mapper. */
	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

}
