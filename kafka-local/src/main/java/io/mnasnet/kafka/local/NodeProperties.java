package io.mnasnet.kafka.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the server properties of one KRaft node on 127.0.0.1, tuned for tests, demos and
 * exactly-once on clusters of one to a few brokers.
 *
 * <p>Node {@value #CONTROLLER_NODE_ID} runs {@code broker,controller} and is the only voter of a
 * static quorum; every other node is a plain broker. A static quorum ({@code
 * controller.quorum.voters}) rather than a dynamic one keeps the controller's address out of the
 * formatted log directory, so a standalone broker may change ports between restarts.
 */
final class NodeProperties {

  /** The node that runs the controller; the quorum has this single voter. */
  static final int CONTROLLER_NODE_ID = 0;

  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final String HOST = "127.0.0.1";

  /**
   * Partitions of the internal offsets, transaction-state and share-state topics. The default 50
   * costs about a second per topic on first use on a small machine; 5 is plenty for tests.
   */
  static final int INTERNAL_TOPIC_PARTITIONS = 5;

  /**
   * The log cleaner allocates its whole dedupe buffer up front (128 MB per broker by default),
   * which would dominate the heap of a test JVM that runs three brokers.
   */
  static final long LOG_CLEANER_DEDUPE_BUFFER_BYTES = 16L * 1024 * 1024;

  /**
   * How fast the controller notices a broker that vanished without a controlled shutdown (the
   * defaults are 2 s / 9 s). Kept well above a GC pause on a busy 2-core machine.
   */
  static final int BROKER_HEARTBEAT_INTERVAL_MS = 1_000;

  static final int BROKER_SESSION_TIMEOUT_MS = 6_000;

  private NodeProperties() {}

  /**
   * Returns the properties of one node.
   *
   * @param nodeId the node id; {@value #CONTROLLER_NODE_ID} is broker and controller
   * @param brokerPort the client (PLAINTEXT) port of this node
   * @param controllerPort the controller port of node {@value #CONTROLLER_NODE_ID}
   * @param logDir the node's only log directory (metadata log included)
   * @param clusterSize number of brokers in the cluster, which sizes replication of internal topics
   * @param overrides extra properties, applied last
   */
  static Properties of(
      int nodeId,
      int brokerPort,
      int controllerPort,
      Path logDir,
      int clusterSize,
      Map<String, String> overrides) {
    boolean controller = nodeId == CONTROLLER_NODE_ID;
    Properties props = new Properties();
    props.put("node.id", Integer.toString(nodeId));
    props.put("process.roles", controller ? "broker,controller" : "broker");
    props.put("controller.quorum.voters", CONTROLLER_NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    String brokerEndpoint = BROKER_LISTENER + "://" + HOST + ":" + brokerPort;
    props.put(
        "listeners",
        controller
            ? brokerEndpoint + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort
            : brokerEndpoint);
    props.put("advertised.listeners", brokerEndpoint);
    props.put("log.dirs", logDir.toAbsolutePath().toString());

    // Applications create their topics; a typo must fail rather than create a topic silently.
    props.put("auto.create.topics.enable", "false");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("group.streams.initial.rebalance.delay.ms", "0");

    // Internal topics: replicated on up to 3 brokers, and writable with one broker down.
    int replication = Math.min(3, clusterSize);
    String minIsr = Integer.toString(Math.max(1, replication - 1));
    String internalPartitions = Integer.toString(INTERNAL_TOPIC_PARTITIONS);
    if (controller) {
      // Topics created without a replication factor (e.g. Kafka Streams' internal topics) are
      // sized by the controller; Kafka 4.4 warns when a plain broker sets this.
      props.put("default.replication.factor", Integer.toString(replication));
    }
    props.put("offsets.topic.replication.factor", Integer.toString(replication));
    props.put("offsets.topic.num.partitions", internalPartitions);
    props.put("transaction.state.log.replication.factor", Integer.toString(replication));
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("transaction.state.log.num.partitions", internalPartitions);
    props.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
    props.put("share.coordinator.state.topic.min.isr", minIsr);
    props.put("share.coordinator.state.topic.num.partitions", internalPartitions);

    props.put("log.cleaner.dedupe.buffer.size", Long.toString(LOG_CLEANER_DEDUPE_BUFFER_BYTES));
    props.put("broker.heartbeat.interval.ms", Integer.toString(BROKER_HEARTBEAT_INTERVAL_MS));
    props.put("broker.session.timeout.ms", Integer.toString(BROKER_SESSION_TIMEOUT_MS));
    // Plain brokers stop like a crash: the controller fences them after the session timeout
    // instead of moving their leaderships first. Node 0 keeps the controlled shutdown, which is
    // immediate since it asks its own controller.
    props.put("controlled.shutdown.enable", Boolean.toString(controller));

    props.putAll(overrides);
    return props;
  }
}
