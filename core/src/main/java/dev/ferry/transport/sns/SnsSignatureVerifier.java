package dev.ferry.transport.sns;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.convert.DeserializationException;
import tools.jackson.databind.JsonNode;

/**
 * Checks the signature of an SNS notification envelope as
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html describes: the
 * certificate must come over HTTPS from {@code sns.<region>.amazonaws.com} (the region of the
 * envelope's TopicArn), or from a local stand-in endpoint trusted under {@code ferry.local}; the
 * signed string is Message, MessageId, Subject (when present), Timestamp, TopicArn and Type, each
 * name and value on its own line; SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA.
 *
 * <p>Written here because the SDK's own validator ({@code software.amazon.awssdk:sns-message-manager})
 * is not served at the SDK version Ferry builds with (2.51.3); moving to it is worth doing where it
 * is. Certificates are fetched once per URL and kept.
 */
final class SnsSignatureVerifier {

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

	private final List<URI> trustedEndpoints;

	private final HttpClient http;

	private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

	SnsSignatureVerifier(List<URI> trustedEndpoints) {
		this.trustedEndpoints = List.copyOf(trustedEndpoints);
		this.http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** @throws DeserializationException when the envelope is not signed by SNS */
	void verify(JsonNode envelope) {
		String version = text(envelope, "SignatureVersion");
		String algorithm = switch (version) {
			case "1" -> "SHA1withRSA";
			case "2" -> "SHA256withRSA";
			default -> throw new DeserializationException("unknown SNS SignatureVersion '" + version + "'", null);
		};
		String topicArn = text(envelope, "TopicArn");
		URI certificateUrl = certificateUrl(text(envelope, "SigningCertURL"), SnsTopic.part(topicArn, 3));
		StringBuilder signed = new StringBuilder();
		field(signed, "Message", text(envelope, "Message"));
		field(signed, "MessageId", text(envelope, "MessageId"));
		JsonNode subject = envelope.get("Subject");
		if (subject != null && !subject.isNull()) {
			field(signed, "Subject", subject.asString());
		}
		field(signed, "Timestamp", text(envelope, "Timestamp"));
		field(signed, "TopicArn", topicArn);
		field(signed, "Type", text(envelope, "Type"));
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initVerify(certificate(certificateUrl));
			signature.update(signed.toString().getBytes(StandardCharsets.UTF_8));
			if (!signature.verify(Base64.getDecoder().decode(text(envelope, "Signature")))) {
				throw new DeserializationException("SNS signature does not match the notification", null);
			}
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new DeserializationException("SNS signature cannot be checked: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The certificate URL when it is one SNS serves: HTTPS on {@code sns.<region>.amazonaws.com},
	 * or under a trusted local endpoint.
	 */
	URI certificateUrl(String url, String region) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new DeserializationException("SigningCertURL is not a URL: " + url, ex);
		}
		for (URI trusted : this.trustedEndpoints) {
			if (sameOrigin(uri, trusted)) {
				return uri;
			}
		}
		String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getPort() != -1 && uri.getPort() != 443
				|| !host.equals("sns." + region + ".amazonaws.com")) {
			throw new DeserializationException("SigningCertURL " + url + " is not served by SNS (expected https://sns."
					+ region + ".amazonaws.com/...)", null);
		}
		return uri;
	}

	private X509Certificate certificate(URI url) {
		X509Certificate cached = this.certificates.get(url.toString());
		if (cached != null) {
			return cached;
		}
		try {
			HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new DeserializationException("SigningCertURL " + url + " answered " + response.statusCode(), null);
			}
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(response.body()));
			certificate.checkValidity();
			this.certificates.put(url.toString(), certificate);
			return certificate;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeserializationException("interrupted while fetching " + url, ex);
		}
		catch (java.io.IOException | GeneralSecurityException ex) {
			throw new DeserializationException("cannot fetch the SNS signing certificate " + url + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean sameOrigin(URI uri, URI trusted) {
		return trusted.getScheme() != null && trusted.getScheme().equalsIgnoreCase(uri.getScheme())
				&& trusted.getHost() != null && trusted.getHost().equalsIgnoreCase(uri.getHost())
				&& trusted.getPort() == uri.getPort();
	}

	private static void field(StringBuilder signed, String name, String value) {
		signed.append(name).append('\n').append(value).append('\n');
	}

	static String text(JsonNode envelope, String field) {
		JsonNode value = envelope.get(field);
		if (value == null || value.isNull()) {
			throw new DeserializationException("SNS envelope has no " + field, null);
		}
		return value.asString();
	}

}
