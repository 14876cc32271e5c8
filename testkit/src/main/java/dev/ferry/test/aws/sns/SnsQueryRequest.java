package dev.ferry.test.aws.sns;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One AWS Query protocol request (form-encoded {@code Action=...&Version=...}), or a part of it
 * under a prefix such as {@code PublishBatchRequestEntries.member.3.}. Decodes the structured
 * parameter shapes the SDK v2 sends: maps as {@code X.entry.N.key/value}, message attributes as
 * {@code X.entry.N.Name / Value.DataType / Value.StringValue / Value.BinaryValue}, lists as
 * {@code X.member.N}.
 */
final class SnsQueryRequest {

	private final Map<String, String> params;

	private final String prefix;

	SnsQueryRequest(Map<String, String> params) {
		this(params, "");
	}

	private SnsQueryRequest(Map<String, String> params, String prefix) {
		this.params = params;
		this.prefix = prefix;
	}

	String action() {
		String action = get("Action");
		if (action == null) {
			throw new SnsFault("MissingAction", 400, "Missing Action parameter");
		}
		return action;
	}

	@Nullable String get(String name) {
		return this.params.get(this.prefix + name);
	}

	String require(String name) {
		String value = get(name);
		if (value == null) {
			throw SnsFault.invalidParameter(name + " Reason: parameter is required");
		}
		return value;
	}

	boolean flag(String name) {
		return "true".equalsIgnoreCase(get(name));
	}

	/**
	 * Rejects parameters the stand-in does not implement, so nothing is ignored silently.
	 * @param action the action name for the message
	 * @param known the top-level names (before the first dot) this action understands
	 */
	void rejectUnknown(String action, Set<String> known) {
		for (String name : this.params.keySet()) {
			if (!name.startsWith(this.prefix)) {
				continue;
			}
			String local = name.substring(this.prefix.length());
			String head = local.contains(".") ? local.substring(0, local.indexOf('.')) : local;
			if (!known.contains(head) && !head.equals("Action") && !head.equals("Version")) {
				throw SnsFault.unsupported("parameter '" + head + "' of " + action);
			}
		}
	}

	/** Decodes {@code <name>.entry.N.key / value}. */
	Map<String, String> map(String name) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 1; get(name + ".entry." + i + ".key") != null; i++) {
			String value = get(name + ".entry." + i + ".value");
			map.put(get(name + ".entry." + i + ".key"), value == null ? "" : value);
		}
		return map;
	}

	/** Decodes {@code <name>.entry.N.Name / Value.*} into message attributes, validating each. */
	Map<String, SnsMessageAttribute> messageAttributes(String name) {
		Map<String, SnsMessageAttribute> attributes = new LinkedHashMap<>();
		for (int i = 1; get(name + ".entry." + i + ".Name") != null; i++) {
			String base = name + ".entry." + i + ".";
			String attributeName = get(base + "Name");
			String dataType = get(base + "Value.DataType");
			String stringValue = get(base + "Value.StringValue");
			String binary = get(base + "Value.BinaryValue");
			if (dataType == null) {
				throw SnsFault.invalidParameter("The message attribute '" + attributeName + "' must contain non-empty "
						+ "message attribute type.");
			}
			byte[] binaryValue = binary == null ? null : Base64.getDecoder().decode(binary);
			attributes.put(attributeName,
					SnsMessageAttribute.validated(attributeName, dataType, stringValue, binaryValue));
		}
		return attributes;
	}

	/** Decodes {@code <name>.member.N.Key / Value} into tags. */
	Map<String, String> tags(String name) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (SnsQueryRequest member : members(name)) {
			String value = member.get("Value");
			tags.put(member.require("Key"), value == null ? "" : value);
		}
		return tags;
	}

	/** Decodes a list of strings {@code <name>.member.N}. */
	List<String> values(String name) {
		List<String> values = new ArrayList<>();
		for (int i = 1; get(name + ".member." + i) != null; i++) {
			values.add(get(name + ".member." + i));
		}
		return values;
	}

	/** Splits {@code <name>.member.N.*} into one scoped request per member, in order. */
	List<SnsQueryRequest> members(String name) {
		List<SnsQueryRequest> members = new ArrayList<>();
		for (int i = 1; hasPrefix(name + ".member." + i + "."); i++) {
			members.add(new SnsQueryRequest(this.params, this.prefix + name + ".member." + i + "."));
		}
		return members;
	}

	private boolean hasPrefix(String name) {
		String full = this.prefix + name;
		return this.params.keySet().stream().anyMatch((key) -> key.startsWith(full));
	}

}
