package dev.ferry.test.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A TCP relay on a fixed local port in front of a server, which can drop every connection and refuse
 * new ones for a while: a network outage of the server as its clients see it, while the server keeps
 * its data. Written by hand because no test library here relays plain TCP; it only copies bytes.
 */
public final class TcpOutageProxy implements AutoCloseable {

	private volatile int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private @Nullable ServerSocket server;

	/**
	 * A relay on {@code port} to the server on {@code targetPort} (0 when not known yet: connections are
	 * then accepted and closed); it listens once {@link #open()} is called.
	 */
	public TcpOutageProxy(int port, int targetPort) {
		this.port = port;
		this.targetPort = targetPort;
	}

	/** A listening relay on a free local port to the server on {@code targetPort}. */
	public static TcpOutageProxy openTo(int targetPort) {
		TcpOutageProxy proxy = new TcpOutageProxy(freePort(), targetPort);
		proxy.open();
		return proxy;
	}

	/** A free local port (closed again at once), for a server or a proxy to bind later. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Points the relay at the server (known only once the server has started). */
	public void target(int targetPort) {
		this.targetPort = targetPort;
	}

	public int port() {
		return this.port;
	}

	/** Accepts connections (again, on the same port) and relays them. */
	public synchronized void open() {
		if (this.server != null) {
			return;
		}
		try {
			ServerSocket listening = new ServerSocket();
			listening.setReuseAddress(true);
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.server = listening;
			Thread acceptor = new Thread(() -> accept(listening), "outage-proxy-accept-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot listen on " + this.port, ex);
		}
	}

	/** Drops every connection and refuses new ones until {@link #open()}. */
	public synchronized void cut() {
		if (this.server != null) {
			closeQuietly(this.server);
			this.server = null;
		}
		this.sockets.forEach(TcpOutageProxy::closeQuietly);
		this.sockets.clear();
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				if (this.targetPort == 0) {
					closeQuietly(client);
					continue;
				}
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				// closed by cut(), or the target refused: the client sees its connection drop
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "outage-proxy-pipe");
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

	@Override
	public void close() {
		cut();
	}

}
