package dev.ferry.test.aws.sns;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The key pair and self-signed X.509 certificate the SNS stand-in signs messages with.
 *
 * <p>Generated once with the JDK's {@code keytool} (RSA 2048, SHA256withRSA, CN=sns.local.ferry.dev,
 * valid 100 years) and shipped here as a Base64 PKCS#12 store, because the JDK has no public API
 * to create certificates. It protects nothing: it exists only so that a subscriber's signature
 * check runs for real against the certificate served at {@code SigningCertURL}. Never trust it
 * outside local tests.
 */
final class SnsSigningKey {

	private static final char[] PASSWORD = "ferry-local".toCharArray();

	private static final String KEYSTORE_BASE64 =
			"MIIKTgIBAzCCCfgGCSqGSIb3DQEHAaCCCekEggnlMIIJ4TCCBagGCSqGSIb3DQEHAaCCBZkEggWVMIIFkTCCBY0GCyqGSIb3" +
			"DQEMCgECoIIFQDCCBTwwZgYJKoZIhvcNAQUNMFkwOAYJKoZIhvcNAQUMMCsEFLoWNqdlTxJsksQgkjiDNM+trasmAgInEAIB" +
			"IDAMBggqhkiG9w0CCQUAMB0GCWCGSAFlAwQBKgQQz3UgRi+owtxYolW53lXn3ASCBNBKnVatWiLI0jyYPuL0Wk6lg/FZKW5y" +
			"ioCJjyPOoTPjoaH7nBGRieutbMhV+O7U+ocCMOwf/dTGoSG34x9Exm9gm7Ifj689JlPrWlOhA1apa8N11hmQzKfOCNnn8fY7" +
			"IfsH0Pdeshe4bJ/HayVG/QFo5+2G/INqH2ZXuc8rzs9aDgEC8WtWDDlywvv1mvmOlmndH1wz5qfdoVJrhiCIg6QhS462BJSS" +
			"eIgJHVQxbUcxmvOATdyY9dRjEZ2w4Phit09rlDsLfO58EwzSTCFi8d5fPD7SjS7OkHtjaWaIfhTmdYVTvitqBjAhqgw+wv01" +
			"jzGu9e2gwSNVKdHOH5Oz15Ckti9CQcAa1BYinHIXiF5TV8pyQW0s5ZVzO+rq4lnVyrxIE0XxtkC1sZaHnPdB9aFNXG1J2FBC" +
			"jOKOjdIwgTdo3OKVzCUqmIVy1FDBnGRZnVbTw1J9KrnKeq1lhy2gMWJH4UpBSC2jpzOugNZda+GNjy1Wc+bG6w3C4HA4Fmi5" +
			"SKAakDGR9A2DKs+DYIS56U2VorVtqAi1xPfqvE9t+hgTdZTx8gaICkLSzDvCKzvOQZYXpGPFkaikBSWQ3z5k8/Pfa4ZBO8kD" +
			"w6HIcqAIq5Lg6CePwhebItoL3KOCrrdgIbKHtbnG77OxOS0/nMXpQxImCd+B1DnErUilIHzNU1ub7rAmIMnrq212bZjhCLXa" +
			"bqew20jH6yid1W0wLLj1yBGISoJnIGs44law32a8EJ9HGc7ETcErAuEFwr238+NlCN/QrqGmtn7SKXy+gFASDhu/sgm7k9hY" +
			"8+WjSDII5VsLRG2NAfz6yP5drmy7igTWDf6Fdd4DfihDW4V0WtqnaJEiJ6vSoQRGOx3ARcea1t1B24aj8SucqE9YwjI041Hn" +
			"MfLawwjbDPa6uNKgX/MNbOBcCqRtFWIGlSrMCLgmEem4M4z5rREA4Rl1nxT7pASZ5T4WFkE6XuCk/EJzjOAMOo8Db9uLNH6K" +
			"/Z2TqVgFDIWhRWwmw9I9MKmJ11Ox7Vl+fIhvxa+yDyPq/Exm+UWBxls6jrWMm879/x5qCbyLr49pSA8c0S3l0xaczM+GAg8t" +
			"1WrUNXbcuc0sHyZcn6iYfQTjXmjceA1g2giYjjvURlcL3fxAFEQeKNqT7M5yalEDmEjRSImFV8gMBxeXru6kRx52E8AbsViC" +
			"lDBYK/ztk+6RfMGVVAYRclmZMmGW8Tj/p12bO9Uhaye9HkT4/QpKwupW4+mTGPPBiijb3ISiDVbm+5KZJoXG8dZoKKZrAirU" +
			"YlxD6uXYEratJeTM0k9nwmGd6uIBJoNTmQ9X0I4gTSvyzY7MzFNQvyDrlRNn9tYH79LZd+V/xBIVA6rxkJhbJLE7VKrVAKOi" +
			"h4aF4q8ufInracNHzkPFszBskVlxw7cC0lfyYlVqU5iRkh4C7T1ZkOKcDbjr31zZNAo9Ix/tq2/6eBBjYlA7uy2ZFfsSwAW+" +
			"h0O2pjmzpZoy7m6ZWDx108WTDYilWMUjVv+Ux7aQNZN5izbLLxpb84ggTvvH91Irxh8kNRmeVrokAUUtQ2ibunijcygWVWNR" +
			"EMVH4j5jZUK9AmGRoucNpmL+ClJWRfrfV3kvY9diAuVcuunCQ9qLs6meiAlRq0LD21OnqcDqX5ZvmTE6MBUGCSqGSIb3DQEJ" +
			"FDEIHgYAcwBuAHMwIQYJKoZIhvcNAQkVMRQEElRpbWUgMTc5NTQzNTEyNTk4MDCCBDEGCSqGSIb3DQEHBqCCBCIwggQeAgEA" +
			"MIIEFwYJKoZIhvcNAQcBMGYGCSqGSIb3DQEFDTBZMDgGCSqGSIb3DQEFDDArBBTKWXbzcWpJJ1E9Hg/ymZfSfB/2VwICJxAC" +
			"ASAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEMa1Ba56aIXsnpU686z2WBGAggOgB8QE6duQ1Y470JEUwpqOXPisOBQn" +
			"kpvERwsMMpfPiLF/diG0K4SCkxfIsBz+hMyNZSzWQUvE3Dg42XmzVyN5Tsh7i5QBKF8TKQcYuKCxTUk4X3KS+JssctKvz6Nc" +
			"oTNKOhOpTKfRmTPclaDnuNU/bQqvWp0Ocp+hAZQ2iwv4Z54AUaFWqi+B2m4Md+pO+ihp8j/Umy1NKa+sB+k5BEDeHrH9G2Tv" +
			"M4BU5cAgLFyroL3NJeqnxIJ8qSTaFJm9TgwnX4IASVTvS14r9HfUcGteU1/opFYWBNnXjASHmVY9sLOb7iXEuUb1HD5+nWb6" +
			"cGt8od8UH6XFrjRgA0iSkpmkEwFju1OP9D3m9+2NahpvIuMW6HVHLX4pNv8/vE4GiDhm77nHWCp9FVJRDwmGED82L9omZOxB" +
			"MXW015WungjEAhmKHUjNhbyanewvMmDle8SATHRpzp83KRJ+SC1v0LBeZtYW1pNcwSp6yp3Vkp/qwSRXeZ0Hv9x/GHImYO02" +
			"S+KIE4C7WDAVRFjwa2tBxl/SVBjWMy50zjf6BF92cy7/x7y0M2b3/4EN2ca3PsdADX7sFGf811TmFuJghTupWhYasY5IHTz5" +
			"UG0q+qy9qNSc73wFkj5XpIofT0948HI52n+GABqCZrQ/FNaKOFlffqniujDAxGUrx6yjgLH42rBL9SNRkII+eBLGdwKqGLn5" +
			"SEFsbrTdzFqLOLbFpLZBvzqxauxf3EKayVPtgm3H8s9/h6SUwI4my9nnKyHbnjKuDk0BdzUDnKaxOSxyw7bpPX4bLtPe2Oqg" +
			"FI36Ah/nwGpZt+Dn7mSy0RfSqI1kEEgtsi4tTrzn2OeALTt0hb0rXGstw6ckVKu+BnOCGf1VdGJuQsrgvM7fPPBcEF79gnRw" +
			"k42v8CRze/16OBNd9nan+zBK2akUkPs8Hn3yWYES68qqhLT3VI0Y7vEr50c0WWD7EdPqMDzW0f2LvTbC8OGZuGKXkY14fpDc" +
			"fBAdhn0gTUo70fycrEYAg/punFUCkPDrwt0WJB1/JJpGZMyzb0OvveV2ikyCwhsfGyh+8wItyGZuFP+mpaFxzRCve4bGGFEt" +
			"eORvPBxlM5zXgfEuAwl3SJLy7SNiPWPb/qUrS/UVnaj4mf0Se3bxX5afe7kqVRteqIgOKuWU2mMxsNVISGYq5Gzbp+nZwwSv" +
			"v01mNfD+Vp1+KSP+iKBAIz9QT8o9jiwO4x5WRgK2c8+H5xOolhseLCsZTzBNMDEwDQYJYIZIAWUDBAIBBQAEIGiO73G7qb4d" +
			"RHr5JUGfDzuTez2LQtPAYa/hAoAC5LD2BBTpIp+A+VVJPNHOOyaPJDq7RGcZ8AICJxA=";

	private final PrivateKey privateKey;

	private final X509Certificate certificate;

	SnsSigningKey() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(new ByteArrayInputStream(Base64.getDecoder().decode(KEYSTORE_BASE64)), PASSWORD);
			this.privateKey = (PrivateKey) store.getKey("sns", PASSWORD);
			this.certificate = (X509Certificate) store.getCertificate("sns");
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot load the SNS stand-in signing key", ex);
		}
	}

	/**
	 * Signs with SHA1withRSA (SignatureVersion 1) or SHA256withRSA (SignatureVersion 2), per
	 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html.
	 * @return the Base64 signature
	 */
	String sign(String stringToSign, String signatureVersion) {
		String algorithm = "2".equals(signatureVersion) ? "SHA256withRSA" : "SHA1withRSA";
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initSign(this.privateKey);
			signature.update(stringToSign.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with " + algorithm, ex);
		}
	}

	/** @return the certificate in PEM form, as served at SigningCertURL */
	String certificatePem() {
		try {
			return "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(this.certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encode the SNS stand-in certificate", ex);
		}
	}

}
