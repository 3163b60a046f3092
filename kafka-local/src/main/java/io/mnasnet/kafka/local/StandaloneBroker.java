package io.mnasnet.kafka.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Runs one Kafka node in KRaft combined mode (broker and controller) in this process, until it
 * receives SIGTERM. Started in the background by {@code bin/kafka-broker start}.
 *
 * <p>Usage: {@code StandaloneBroker [--dir DIR] [--port PORT] [--controller-port PORT]}
 *
 * <ul>
 *   <li>Reads and writes {@code DIR/data} (the log directory, formatted on first start only, so
 *       topics and records survive restarts) and writes {@code DIR/server.properties} (the
 *       effective configuration, for reference).
 *   <li>Listens on {@code 127.0.0.1:PORT} for clients (default {@value #DEFAULT_PORT}) and {@code
 *       127.0.0.1:CONTROLLER_PORT} for the controller (default {@value #DEFAULT_CONTROLLER_PORT}).
 *   <li>Prints {@code Kafka broker ready at 127.0.0.1:PORT} once clients can connect.
 * </ul>
 *
 * <p>Logs go to standard output with Kafka at WARN, unless {@code -Dlogback.configurationFile}
 * names another logback configuration.
 */
public final class StandaloneBroker {

  public static final String DEFAULT_DIRECTORY = "work/kafka";
  public static final int DEFAULT_PORT = 9092;
  public static final int DEFAULT_CONTROLLER_PORT = 9093;

  static final String READY_MESSAGE = "Kafka broker ready at ";
  private static final String LOGBACK_CONFIG =
      "io/mnasnet/kafka/local/standalone-broker-logback.xml";
  private static final String USAGE =
      "Usage: StandaloneBroker [--dir DIR (default "
          + DEFAULT_DIRECTORY
          + ")] [--port PORT (default "
          + DEFAULT_PORT
          + ")] [--controller-port PORT (default "
          + DEFAULT_CONTROLLER_PORT
          + ")]";

  private StandaloneBroker() {}

  /** Starts the broker; exits with 2 on bad arguments and 1 if the broker cannot start. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      // before any logger exists, so that Kafka's INFO chatter stays out of the log file
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(USAGE);
      return;
    }
    try {
      run(options);
    } catch (RuntimeException | IOException e) {
      System.err.println("Kafka broker failed to start: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(Options options) throws IOException {
    Path directory = options.directory().toAbsolutePath();
    Path logDir = directory.resolve("data");
    Files.createDirectories(directory);
    Properties properties =
        NodeProperties.of(
            NodeProperties.CONTROLLER_NODE_ID,
            options.port(),
            options.controllerPort(),
            logDir,
            1,
            Map.of());
    try (OutputStream out = Files.newOutputStream(directory.resolve("server.properties"))) {
      properties.store(out, "Written by " + StandaloneBroker.class.getName() + " at each start");
    }
    long begin = System.nanoTime();
    if (LogDirectoryFormatter.formatIfNeeded(
        logDir, NodeProperties.CONTROLLER_NODE_ID, LogDirectoryFormatter.newClusterId())) {
      System.out.println("Formatted a new Kafka log directory " + logDir);
    }
    KafkaNode node =
        new KafkaNode(NodeProperties.CONTROLLER_NODE_ID, options.port(), 0, logDir, properties);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping the Kafka broker");
                  node.stop();
                  System.out.println("Kafka broker stopped");
                },
                "kafka-broker-shutdown"));
    node.start();
    System.out.printf(
        "%s%s (data in %s, started in %d ms)%n",
        READY_MESSAGE, node.bootstrapAddress(), logDir, (System.nanoTime() - begin) / 1_000_000);
    // Kafka's own non-daemon threads keep the process alive until SIGTERM runs the hook.
  }

  /** Parsed command-line options. */
  record Options(Path directory, int port, int controllerPort) {

    /** Returns the options, or null if help was asked for. */
    static Options parse(String[] args) {
      Path directory = Path.of(DEFAULT_DIRECTORY);
      int port = DEFAULT_PORT;
      int controllerPort = DEFAULT_CONTROLLER_PORT;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--help") || name.equals("-h")) {
          return null;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + name);
        }
        String value = args[++i];
        switch (name) {
          case "--dir" -> directory = Path.of(value);
          case "--port" -> port = parsePort(name, value);
          case "--controller-port" -> controllerPort = parsePort(name, value);
          default -> throw new IllegalArgumentException("Unknown option " + name);
        }
      }
      if (port == controllerPort) {
        throw new IllegalArgumentException(
            "--port and --controller-port must differ, both are " + port);
      }
      return new Options(directory, port, controllerPort);
    }

    private static int parsePort(String name, String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " must be a port number 1-65535, got " + value);
    }
  }
}
