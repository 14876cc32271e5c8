package dev.ferry.autoconfigure;

import dev.ferry.core.convert.ConversionOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What Ferry may write to logs ({@code ferry.logging.*}). Payloads never appear at INFO or above;
 * credentials and secret values never appear at all.
 */
@ConfigurationProperties("ferry.logging")
public class FerryLoggingProperties {

	/**
	 * Whether message payloads, capped at payload-max-chars, appear in DEBUG logs of
	 * dev.ferry.core.convert and in the dead-letter reasons of payloads that could not be read. For
	 * debugging only: payloads may carry personal data.
	 */
	private boolean payloads;

	/**
	 * Most characters of a payload shown when payload logging is on.
	 */
	private int payloadMaxChars = ConversionOptions.DEFAULT_PAYLOAD_LOG_MAX_CHARS;

	public boolean isPayloads() {
		return this.payloads;
	}

	public void setPayloads(boolean payloads) {
		this.payloads = payloads;
	}

	public int getPayloadMaxChars() {
		return this.payloadMaxChars;
	}

	public void setPayloadMaxChars(int payloadMaxChars) {
		this.payloadMaxChars = payloadMaxChars;
	}

}
