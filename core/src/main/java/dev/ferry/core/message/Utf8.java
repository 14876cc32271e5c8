package dev.ferry.core.message;

/**
 * UTF-8 length of a string without encoding it. Sizes are checked for every message published
 * (header names and values, keys), and {@code getBytes(UTF_8).length} allocates a copy of each
 * string only to count it. Written here because neither the JDK nor a dependency Ferry already has
 * offers it as public API.
 */
public final class Utf8 {

	private Utf8() {
	}

	/**
	 * Bytes {@code text} takes in UTF-8, exactly as {@code text.toString().getBytes(UTF_8).length}:
	 * an unpaired surrogate counts one byte, the {@code '?'} that encoding writes for it.
	 */
	public static int length(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				continue;
			}
			if (c < 0x800) {
				bytes += 1;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				// a pair: 2 chars, 4 bytes
				bytes += 2;
				i++;
			}
			else if (!Character.isSurrogate(c)) {
				bytes += 2;
			}
		}
		return bytes;
	}

}
