package io.mnasnet.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.MetadataCache;
import org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler;

/**
 * One KRaft node of an {@link EmbeddedKafkaCluster}: its fixed configuration and, while it runs,
 * its {@link KafkaRaftServer}. Not thread-safe; the cluster serialises calls.
 */
final class KafkaNode {

  private static final ListenerName BROKER_LISTENER =
      ListenerName.normalised(NodeProperties.BROKER_LISTENER);

  private final int nodeId;
  private final int brokerPort;
  private final int securePort; // 0 without a secured listener
  private final Path logDir;
  private final Properties properties;
  private volatile KafkaRaftServer server;

  KafkaNode(int nodeId, int brokerPort, int securePort, Path logDir, Properties properties) {
    this.nodeId = nodeId;
    this.brokerPort = brokerPort;
    this.securePort = securePort;
    this.logDir = logDir;
    this.properties = properties;
  }

  int nodeId() {
    return nodeId;
  }

  String bootstrapAddress() {
    return NodeProperties.HOST + ":" + brokerPort;
  }

  /** The address of the secured listener ({@link SecuredListener}). */
  String secureBootstrapAddress() {
    if (securePort == 0) {
      throw new IllegalStateException("this cluster has no secured listener; build it secured()");
    }
    return NodeProperties.HOST + ":" + securePort;
  }

  boolean isRunning() {
    return server != null;
  }

  /**
   * Starts the node and blocks until its broker is registered and unfenced (a broker-only node
   * waits for the controller of node 0, so nodes must be started concurrently).
   */
  void start() {
    if (server != null) {
      throw new IllegalStateException("Kafka node " + nodeId + " is already running");
    }
    KafkaRaftServer created = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
    server = created;
    created.startup();
  }

  /**
   * Stops the node and waits until it is down. A plain broker skips the controlled shutdown (see
   * {@link NodeProperties}), so for the rest of the cluster it looks like a crash.
   */
  void stop() {
    KafkaRaftServer running = server;
    if (running == null) {
      return;
    }
    server = null;
    running.shutdown();
    running.awaitShutdown();
  }

  /**
   * Stops the node, then removes the marker of its clean shutdown, so that its next start runs the
   * log recovery a broker runs after {@code kill -9} (the data a crash would not have flushed is
   * still on disk here: Kafka relies on replication, not fsync, so that matches a process crash,
   * not a power cut).
   */
  void crash() {
    stop();
    try {
      Files.deleteIfExists(logDir.resolve(CleanShutdownFileHandler.CLEAN_SHUTDOWN_FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the clean-shutdown marker in " + logDir, e);
    }
  }

  /**
   * Whether this node's broker has applied the metadata of {@code topic}: all {@code partitions}
   * known and each with a leader. False while the node is stopped.
   */
  boolean knowsTopic(String topic, int partitions) {
    KafkaRaftServer running = server;
    if (running == null) {
      return false;
    }
    MetadataCache cache = brokerOf(running).metadataCache();
    if (!cache.numPartitions(topic).equals(Optional.of(partitions))) {
      return false;
    }
    for (int partition = 0; partition < partitions; partition++) {
      if (cache.getPartitionLeaderEndpoint(topic, partition, BROKER_LISTENER).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The broker inside a {@link KafkaRaftServer}. That class keeps it in a private field; Kafka's
   * own test kit reaches it by assembling the servers itself from internal classes, which is more
   * internal API, not less. Reading one field keeps this to a single, checked assumption.
   */
  private static BrokerServer brokerOf(KafkaRaftServer server) {
    try {
      Field field = KafkaRaftServer.class.getDeclaredField("broker");
      field.setAccessible(true);
      scala.Option<?> broker = (scala.Option<?>) field.get(server);
      if (broker.isEmpty()) {
        throw new IllegalStateException("this Kafka node has no broker role");
      }
      return (BrokerServer) broker.get();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "Cannot read the broker of kafka.server.KafkaRaftServer (field 'broker'); this code"
              + " was written for Kafka 4.4, check the version of kafka_2.13 on the class path",
          e);
    }
  }
}
