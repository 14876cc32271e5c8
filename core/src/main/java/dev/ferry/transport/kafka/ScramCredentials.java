package dev.ferry.transport.kafka;

import java.util.Objects;

/**
 * SASL/SCRAM user name and password, as read from the Secrets Manager secret. {@link #toString()}
 * never shows the password.
 */
public record ScramCredentials(String username, String password) {

	public ScramCredentials {
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(password, "password");
	}

	@Override
	public String toString() {
		return "ScramCredentials[username=" + this.username + ", password=****]";
	}

}
