package io.mnasnet.streams.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile or unlucky HTTP clients on raw sockets, held open until {@link #close}: one that sends a
 * whole request and never reads the answer (a tiny receive window, so the server's write blocks as
 * soon as its socket buffer is full), and one that sends half a request line and waits.
 */
final class StallingClients implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();

  /** Sends {@code GET path} in full and never reads; returns the socket. */
  Socket neverReading(int port, String path) throws IOException {
    Socket socket = open(port);
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Sends the first half of a request line ({@code GET /health/li}) and nothing more. */
  Socket halfRequestLine(int port) throws IOException {
    Socket socket = open(port);
    socket.getOutputStream().write("GET /health/li".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /**
   * Whether the server closed {@code socket} (end of stream or a reset) within {@code timeoutMs},
   * reading and discarding whatever it sent before.
   */
  static boolean closedByServerWithin(Socket socket, long timeoutMs) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      try {
        if (in.read(buffer) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    }
  }

  private Socket open(int port) throws IOException {
    Socket socket = new Socket();
    // a tiny window: the server cannot push much of a response into a client that never reads
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    synchronized (sockets) {
      sockets.add(socket);
    }
    return socket;
  }

  @Override
  public void close() {
    synchronized (sockets) {
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a socket the server already closed
        }
      }
      sockets.clear();
    }
  }
}
