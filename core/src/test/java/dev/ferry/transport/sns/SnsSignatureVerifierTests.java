package dev.ferry.transport.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import dev.ferry.core.convert.DeserializationException;
import org.junit.jupiter.api.Test;

class SnsSignatureVerifierTests {

	private final SnsSignatureVerifier verifier = new SnsSignatureVerifier(List.of());

	@Test
	void acceptsOnlyHttpsCertificatesFromTheTopicsRegionalSnsHost() {
		assertThat(this.verifier.certificateUrl("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem",
				"eu-west-1")).hasHost("sns.eu-west-1.amazonaws.com");

		for (String url : List.of("http://sns.eu-west-1.amazonaws.com/cert.pem",
				"https://sns.us-east-1.amazonaws.com/cert.pem", "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem",
				"https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem",
				"https://sns.eu-west-1.amazonaws.com:8443/cert.pem", "http://127.0.0.1:4566/cert.pem")) {
			assertThatThrownBy(() -> this.verifier.certificateUrl(url, "eu-west-1"))
				.as(url)
				.isInstanceOf(DeserializationException.class)
				.hasMessageContaining("is not served by SNS");
		}
	}

	@Test
	void trustsALocalStandInOnlyWhereConfigured() {
		SnsSignatureVerifier local = new SnsSignatureVerifier(List.of(URI.create("http://127.0.0.1:4566")));

		assertThat(local.certificateUrl("http://127.0.0.1:4566/SimpleNotificationService-ferry-local.pem", "us-east-1"))
			.hasPort(4566);
		assertThatThrownBy(() -> local.certificateUrl("http://127.0.0.1:4567/cert.pem", "us-east-1"))
			.isInstanceOf(DeserializationException.class);
	}

	@Test
	void subscriptionArnIsReadFromTheUnsubscribeUrl() {
		assertThat(SnsDeadLetterReader.subscriptionOf("https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe"
				+ "&SubscriptionArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aorders%3Aabc"))
			.isEqualTo("arn:aws:sns:us-east-1:123456789012:orders:abc");
		assertThat(SnsDeadLetterReader.subscriptionOf(null)).isNull();
	}

}
