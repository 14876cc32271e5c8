package dev.ferry.test.aws.sns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP subscriber for tests: records every POST and answers with a settable status.
 */
final class RecordingHttpEndpoint implements AutoCloseable {

	/** One received request. */
	record Received(Map<String, String> headers, String body) {
		String header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
		}
	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger status = new AtomicInteger(200);

	RecordingHttpEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Map<String, String> headers = new java.util.HashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
					values.get(0)));
			this.received.add(new Received(headers, new String(body, StandardCharsets.UTF_8)));
			exchange.sendResponseHeaders(this.status.get(), -1);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/sns";
	}

	void answerWith(int status) {
		this.status.set(status);
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	List<Received> received(String messageType) {
		return this.received.stream().filter((r) -> r.header("x-amz-sns-message-type").equals(messageType)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
