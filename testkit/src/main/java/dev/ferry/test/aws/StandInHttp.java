package dev.ferry.test.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Small HTTP plumbing shared by the stand-ins: a loopback {@link HttpServer} on a random port,
 * body reading, responses and form decoding. Internal to the stand-ins; not a stable API.
 */
public final class StandInHttp implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private StandInHttp(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Starts a server on 127.0.0.1 and a random port that sends every request to {@code handler}.
	 * @param name thread name prefix
	 * @param handler the request handler
	 * @return the started server
	 */
	public static StandInHttp start(String name, HttpHandler handler) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			ExecutorService executor = Executors.newCachedThreadPool(daemonThreads(name + "-http"));
			server.setExecutor(executor);
			server.createContext("/", handler);
			server.start();
			return new StandInHttp(server, executor);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the local " + name + " server", ex);
		}
	}

	/**
	 * Creates daemon threads named {@code <prefix>-<n>} so that a forgotten stand-in never keeps a JVM alive.
	 * @param prefix the thread name prefix
	 * @return the thread factory
	 */
	public static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** @return {@code http://127.0.0.1:<port>} */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * Reads the whole request body.
	 * @param exchange the exchange
	 * @return the body bytes
	 */
	public static byte[] body(HttpExchange exchange) {
		try (InputStream in = exchange.getRequestBody()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read request body", ex);
		}
	}

	/**
	 * Sends a complete response and closes the exchange.
	 * @param exchange the exchange
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 */
	public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) {
		try (exchange) {
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
		catch (IOException ex) {
			// The client went away; nothing left to tell it.
		}
	}

	/**
	 * Decodes {@code application/x-www-form-urlencoded} text, keeping parameter order.
	 * @param form the encoded form (a body or a query string), may be empty
	 * @return the decoded parameters; a repeated name keeps its last value
	 */
	public static Map<String, String> decodeForm(String form) {
		Map<String, String> params = new LinkedHashMap<>();
		if (form.isEmpty()) {
			return params;
		}
		for (String pair : form.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			String value = eq < 0 ? "" : pair.substring(eq + 1);
			params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return params;
	}

}
