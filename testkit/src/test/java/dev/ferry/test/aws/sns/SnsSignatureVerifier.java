package dev.ferry.test.aws.sns;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import dev.ferry.test.aws.Json;
import tools.jackson.databind.JsonNode;

/**
 * Verifies an SNS message signature the way a subscriber must
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html): fetch the
 * certificate from SigningCertURL, rebuild the string to sign from the documented fields, check
 * with SHA1withRSA (version 1) or SHA256withRSA (version 2). Written independently of the
 * stand-in's signer so that the two check each other.
 */
final class SnsSignatureVerifier {

	private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp",
			"TopicArn", "Type");

	private static final List<String> CONFIRMATION_FIELDS = List.of("Message", "MessageId", "SubscribeURL",
			"Timestamp", "Token", "TopicArn", "Type");

	private SnsSignatureVerifier() {
	}

	static boolean verify(String json) throws Exception {
		JsonNode message = Json.MAPPER.readTree(json);
		String type = message.path("Type").asString();
		List<String> fields = type.equals("Notification") ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
		StringBuilder toSign = new StringBuilder();
		for (String field : fields) {
			if (message.has(field)) {
				toSign.append(field).append('\n').append(message.path(field).asString()).append('\n');
			}
		}
		String algorithm = switch (message.path("SignatureVersion").asString()) {
			case "1" -> "SHA1withRSA";
			case "2" -> "SHA256withRSA";
			default -> throw new IllegalArgumentException("Unknown SignatureVersion in " + json);
		};
		X509Certificate certificate = fetchCertificate(message.path("SigningCertURL").asString());
		Signature signature = Signature.getInstance(algorithm);
		signature.initVerify(certificate.getPublicKey());
		signature.update(toSign.toString().getBytes(StandardCharsets.UTF_8));
		return signature.verify(Base64.getDecoder().decode(message.path("Signature").asString()));
	}

	private static X509Certificate fetchCertificate(String url) throws Exception {
		byte[] pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofByteArray()).body();
		return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(pem));
	}

}
