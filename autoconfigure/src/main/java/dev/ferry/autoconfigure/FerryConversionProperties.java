package dev.ferry.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.core.convert.ConversionOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How message bodies are read ({@code ferry.conversion.*}): which classes a message's type header
 * may select, and the limits that bound parsing. Bodies and headers are untrusted input (see
 * docs/security.md).
 */
@ConfigurationProperties("ferry.conversion")
public class FerryConversionProperties {

	/**
	 * Packages whose classes a message's ferry-type header may select, besides the packages of the
	 * listeners' parameter types (always trusted). "com.acme.orders" trusts that package,
	 * "com.acme.*" that package and every package below it, "*" every class on the classpath (reported
	 * by the hardening rule FERRY-TYPE-001).
	 */
	private List<String> trustedPackages = new ArrayList<>();

	/**
	 * Deepest nesting of JSON objects and arrays in a message body; deeper bodies are dead-lettered.
	 */
	private int maxNestingDepth = ConversionOptions.DEFAULT_MAX_NESTING_DEPTH;

	/**
	 * Largest message body read as JSON; larger bodies are dead-lettered. The default is the largest
	 * Kinesis record (10 MiB).
	 */
	private DataSize maxDocumentSize = DataSize.ofBytes(ConversionOptions.DEFAULT_MAX_DOCUMENT_BYTES);

	/**
	 * Longest JSON string value in a message body, in characters; bodies with longer ones are
	 * dead-lettered.
	 */
	private int maxStringLength = ConversionOptions.DEFAULT_MAX_STRING_LENGTH;

	/**
	 * Longest JSON number in a message body, in characters; bodies with longer ones are dead-lettered.
	 */
	private int maxNumberLength = ConversionOptions.DEFAULT_MAX_NUMBER_LENGTH;

	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	public int getMaxNestingDepth() {
		return this.maxNestingDepth;
	}

	public void setMaxNestingDepth(int maxNestingDepth) {
		this.maxNestingDepth = maxNestingDepth;
	}

	public DataSize getMaxDocumentSize() {
		return this.maxDocumentSize;
	}

	public void setMaxDocumentSize(DataSize maxDocumentSize) {
		this.maxDocumentSize = maxDocumentSize;
	}

	public int getMaxStringLength() {
		return this.maxStringLength;
	}

	public void setMaxStringLength(int maxStringLength) {
		this.maxStringLength = maxStringLength;
	}

	public int getMaxNumberLength() {
		return this.maxNumberLength;
	}

	public void setMaxNumberLength(int maxNumberLength) {
		this.maxNumberLength = maxNumberLength;
	}

}
