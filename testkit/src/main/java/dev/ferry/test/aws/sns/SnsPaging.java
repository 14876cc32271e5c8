package dev.ferry.test.aws.sns;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/** Opaque NextToken values for the list actions: the Base64 of the next start index. */
final class SnsPaging {

	private SnsPaging() {
	}

	static int start(@Nullable String token, int size) {
		if (token == null || token.isEmpty()) {
			return 0;
		}
		try {
			int start = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
			if (start < 0 || start > size) {
				throw SnsFault.invalidParameter("NextToken");
			}
			return start;
		}
		catch (IllegalArgumentException ex) {
			throw SnsFault.invalidParameter("NextToken");
		}
	}

	static String token(int start) {
		return Base64.getEncoder().encodeToString(Integer.toString(start).getBytes(StandardCharsets.UTF_8));
	}

}
