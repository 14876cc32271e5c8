package dev.ferry.core;

/**
 * Configuration that cannot work: an unknown destination or transport, an invalid value. The
 * message names the offending setting and how to fix it.
 */
public class FerryConfigurationException extends FerryException {

	public FerryConfigurationException(String message) {
		super(message);
	}

}
