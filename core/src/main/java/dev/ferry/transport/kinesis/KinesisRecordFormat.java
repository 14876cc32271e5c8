package dev.ferry.transport.kinesis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ferry's record format, version 1. Kinesis records carry only data and a partition key, so
 * Ferry's headers travel inside the data:
 *
 * <pre>
 * offset  size  content
 * 0       4     magic: 0x00 'F' 'R' 'Y'
 * 4       1     format version: 0x01
 * 5       4     N: length of the header block, unsigned big-endian
 * 9       N     header block: a UTF-8 JSON object of string names to string values
 * 9+N     rest  payload, byte for byte as the serializer produced it
 * </pre>
 *
 * A record that does not start with the magic (plain JSON or text written by another producer:
 * UTF-8 text never starts with a NUL byte) is read as a payload without headers. A record with the
 * magic but an unknown version or a broken header block is read the same way, so a consumer never
 * crashes on it; the pipeline then rejects or accepts the payload as it would any other.
 *
 * <p>Why binary framing rather than a JSON envelope: the payload stays byte-exact (no base64 for
 * binary payloads, no re-serialisation of JSON ones), and a reader in another language needs nine
 * bytes of parsing to reach it. docs/transports/kinesis.md shows a Flink/Firehose decoder.
 */
public final class KinesisRecordFormat {

	/** Format version written by this class. */
	public static final int VERSION = 1;

	static final byte[] MAGIC = { 0x00, 'F', 'R', 'Y' };

	static final int PREFIX_BYTES = MAGIC.length + 1 + 4;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private KinesisRecordFormat() {
	}

	/** Encodes headers and payload into record data. */
	public static byte[] encode(Headers headers, byte[] payload) {
		byte[] block = headerBlock(headers);
		ByteBuffer buffer = ByteBuffer.allocate(PREFIX_BYTES + block.length + payload.length);
		buffer.put(MAGIC).put((byte) VERSION).putInt(block.length).put(block).put(payload);
		return buffer.array();
	}

	/** Size of {@link #encode} without building it. */
	public static long encodedSize(Headers headers, byte[] payload) {
		return PREFIX_BYTES + headerBlock(headers).length + (long) payload.length;
	}

	/** Decodes record data; never throws (see the class comment for records in other formats). */
	public static Decoded decode(byte[] data) {
		if (!hasMagic(data) || data[MAGIC.length] != VERSION) {
			return new Decoded(Headers.empty(), data, false);
		}
		try {
			ByteBuffer buffer = ByteBuffer.wrap(data, MAGIC.length + 1, data.length - MAGIC.length - 1);
			long length = Integer.toUnsignedLong(buffer.getInt());
			if (length > data.length - PREFIX_BYTES) {
				return new Decoded(Headers.empty(), data, false);
			}
			Map<String, String> headers = readHeaderBlock(data, (int) length);
			if (headers == null) {
				return new Decoded(Headers.empty(), data, false);
			}
			byte[] payload = new byte[data.length - PREFIX_BYTES - (int) length];
			System.arraycopy(data, PREFIX_BYTES + (int) length, payload, 0, payload.length);
			return new Decoded(Headers.of(headers), payload, true);
		}
		catch (RuntimeException ex) {
			return new Decoded(Headers.empty(), data, false);
		}
	}

	/**
	 * Reads the header block with a streaming parser, straight from the record's bytes: a record
	 * is read once per delivery, and a tree plus a string copy of the block cost more than the
	 * rest of the decoding. Non-string values are taken as their JSON text, nested ones as empty.
	 * @return the headers, or null when the block is not a JSON object
	 */
	private static @Nullable Map<String, String> readHeaderBlock(byte[] data, int length) {
		try (JsonParser parser = MAPPER.createParser(data, PREFIX_BYTES, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			Map<String, String> headers = new LinkedHashMap<>();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
					parser.skipChildren();
					headers.put(name, "");
				}
				else {
					headers.put(name, parser.getString());
				}
			}
			return parser.currentToken() == JsonToken.END_OBJECT ? headers : null;
		}
	}

	private static boolean hasMagic(byte[] data) {
		if (data.length < PREFIX_BYTES) {
			return false;
		}
		for (int i = 0; i < MAGIC.length; i++) {
			if (data[i] != MAGIC[i]) {
				return false;
			}
		}
		return true;
	}

	private static byte[] headerBlock(Headers headers) {
		ObjectNode node = MAPPER.createObjectNode();
		headers.asMap().forEach(node::put);
		return node.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A decoded record.
	 * @param headers Ferry's headers; empty for records in another format
	 * @param payload the payload; the whole record for records in another format
	 * @param ferryFormat whether the record was in Ferry's format
	 */
	public record Decoded(Headers headers, byte[] payload, boolean ferryFormat) {
	}

}
