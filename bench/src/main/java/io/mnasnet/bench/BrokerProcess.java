package io.mnasnet.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Kafka broker (KRaft, broker + controller in one JVM) started with {@code
 * bin/kafka-broker} in its own process, so the broker's CPU and memory are not the benchmark JVM's.
 * Stopped (SIGTERM, through the same script) on {@link #close()}.
 */
final class BrokerProcess implements AutoCloseable {

  private final ProjectHome home;
  private final Path dir;
  private final int port;

  private BrokerProcess(ProjectHome home, Path dir, int port) {
    this.home = home;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a broker with its data in {@code dir} on free loopback ports; waits until ready. */
  static BrokerProcess start(ProjectHome home, Path dir) throws IOException, InterruptedException {
    int port = freePort();
    int controllerPort = freePort();
    while (controllerPort == port) {
      controllerPort = freePort();
    }
    run(
        home,
        dir,
        List.of(
            "start",
            "--dir",
            dir.toString(),
            "--port",
            Integer.toString(port),
            "--controller-port",
            Integer.toString(controllerPort)));
    return new BrokerProcess(home, dir, port);
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** How the report describes it. */
  String describe() {
    return "standalone broker process (bin/kafka-broker: KRaft broker+controller, 1 node, -Xmx512m)"
        + " on 127.0.0.1, sharing the machine's cores with the app, producer and consumer";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(home, dir, List.of("stop", "--dir", dir.toString()));
  }

  private static void run(ProjectHome home, Path dir, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(home.brokerScript().toString());
    command.addAll(args);
    Path log = dir.resolveSibling(dir.getFileName() + "-script.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("bin/kafka-broker " + args.get(0) + " timed out; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "bin/kafka-broker "
              + args.get(0)
              + " failed (exit "
              + process.exitValue()
              + "); see "
              + log
              + " and "
              + dir.resolve("kafka.log"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
