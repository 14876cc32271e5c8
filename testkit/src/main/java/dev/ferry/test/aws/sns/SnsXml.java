package dev.ferry.test.aws.sns;

import java.util.Map;
import java.util.UUID;

/**
 * Writes AWS Query protocol XML responses and error documents for SNS, in the shapes of
 * https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html and the API reference examples.
 */
final class SnsXml {

	static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

	private final StringBuilder xml = new StringBuilder();

	SnsXml element(String name, String value) {
		this.xml.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
		return this;
	}

	SnsXml open(String name) {
		this.xml.append('<').append(name).append('>');
		return this;
	}

	SnsXml close(String name) {
		this.xml.append("</").append(name).append('>');
		return this;
	}

	SnsXml raw(SnsXml other) {
		this.xml.append(other.xml);
		return this;
	}

	SnsXml attributes(Map<String, String> attributes) {
		open("Attributes");
		attributes.forEach((key, value) -> open("entry").element("key", key).element("value", value).close("entry"));
		return close("Attributes");
	}

	/** Wraps the result body in {@code <ActionResponse><ActionResult>...} with a request id. */
	String response(String action) {
		return "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + this.xml + "</" + action
				+ "Result><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
				+ action + "Response>";
	}

	static String error(SnsFault fault) {
		return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + (fault.senderFault() ? "Sender" : "Receiver")
				+ "</Type><Code>" + escape(fault.code()) + "</Code><Message>" + escape(String.valueOf(fault.getMessage()))
				+ "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&apos;");
				case '\r' -> out.append("&#13;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

}
