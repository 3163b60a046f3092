package io.mnasnet.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds TCP ports on 127.0.0.1 that are free right now. */
final class FreePorts {

  private FreePorts() {}

  /**
   * Returns {@code count} distinct free ports. All sockets are held open until every port is chosen
   * so the operating system cannot hand out the same port twice; another process may still take one
   * before Kafka binds it, which is unlikely enough on a test machine.
   */
  static int[] allocate(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(NodeProperties.HOST));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find free ports on " + NodeProperties.HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is released either way once the process exits
        }
      }
    }
  }
}
