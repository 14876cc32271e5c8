package dev.ferry.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut and restore: while cut, connections are refused
 * and open ones are closed, as when a backend goes away; the backend itself keeps its state, so a
 * test can check that nothing was lost across the outage.
 */
final class TcpOutage implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	TcpOutage(int targetPort) {
		this.targetPort = targetPort;
		this.server = bind(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	int port() {
		return this.port;
	}

	/** Refuses new connections and closes the open ones. */
	synchronized void cut() {
		closeQuietly(this.server);
		this.sockets.forEach(TcpOutage::closeQuietly);
		this.sockets.clear();
	}

	/** Accepts connections again on the same port. */
	synchronized void restore() {
		this.server = bind(this.port);
		accept(this.server);
	}

	@Override
	public void close() {
		cut();
	}

	private static ServerSocket bind(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket listening) {
		Thread acceptor = new Thread(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
					this.sockets.add(client);
					this.sockets.add(target);
					pump(client, target);
					pump(target, client);
				}
				catch (IOException ex) {
					// closed by cut(), or the target refused: the client sees a closed connection
				}
			}
		}, "tcp-outage-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection closed on either side
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-outage-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
