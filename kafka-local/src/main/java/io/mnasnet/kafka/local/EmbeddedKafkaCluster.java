package io.mnasnet.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster (KRaft, no ZooKeeper, no Docker) running inside this JVM on free ports of
 * 127.0.0.1, for tests and the demo.
 *
 * <p>Node 0 is broker and controller (the only voter), nodes 1..n-1 are brokers. Internal topics
 * are replicated on min(3, n) brokers with a min ISR that still allows writes with one broker down,
 * so transactions (exactly-once) work on a single broker. Automatic topic creation is off:
 * applications create their topics, e.g. with {@link #createTopic}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
 *   kafka.createTopic("images", 3, (short) 3);
 *   // clients use kafka.bootstrapServers()
 * }
 * }</pre>
 *
 * <p>A cold start takes about 6 s; tests should share one cluster per JVM, see {@link
 * SharedKafkaClusters}. Methods are synchronized: one test thread at a time may change the cluster.
 *
 * <p>Logging: the brokers log through SLF4J into the host application's backend, at INFO hundreds
 * of lines per start. Tests should keep {@code kafka}, {@code org.apache.kafka} and {@code
 * com.yammer.metrics} at WARN or above (see this module's {@code logback-test.xml}); Kafka 4.4's
 * log4j2 jars on the class path stay unused unless log4j is made the SLF4J backend.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  /** How long {@link #start()} waits for all brokers by default. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** How long topic creation may take until every running broker knows the topic. */
  static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

  /** SCRAM's PBKDF2 iterations: the minimum Kafka accepts, 4096, also its usual setting. */
  private static final int SCRAM_ITERATIONS = 4096;

  private static final Duration SHUTDOWN_AFTER_FAILURE_TIMEOUT = Duration.ofSeconds(20);
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

  private final int brokerCount;

  /** The directory chosen by the builder, or null for a temporary one. */
  private final Path configuredDataDirectory;

  private final Map<String, String> brokerOverrides;
  private final Duration startupTimeout;
  private final boolean secured;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "embedded-kafka-" + THREAD_COUNTER.incrementAndGet());
            // a broker stuck in startup must not keep the JVM alive
            thread.setDaemon(true);
            return thread;
          });
  private final List<KafkaNode> nodes = new ArrayList<>();
  private Path dataDirectory;
  private TlsMaterial tls;
  private Admin admin;
  private boolean started;
  private boolean closed;
  private boolean sharedUntilJvmExit;

  /** The thread inside {@link #start()}, which the exit hook interrupts. */
  private volatile Thread starter;

  /** Stops the nodes and deletes temporary data if the JVM exits before {@link #close()}. */
  private final Thread exitHook =
      new Thread(this::stopAtJvmExit, "embedded-kafka-exit-" + THREAD_COUNTER.incrementAndGet());

  private EmbeddedKafkaCluster(Builder builder) {
    this.brokerCount = builder.brokers;
    this.configuredDataDirectory = builder.dataDirectory;
    this.brokerOverrides = Map.copyOf(builder.brokerProperties);
    this.startupTimeout = builder.startupTimeout;
    this.secured = builder.secured;
  }

  /** Returns a builder for a cluster of one broker in a temporary directory. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the log directories (once; an existing data directory is reused) and starts all nodes
   * concurrently.
   *
   * @return this cluster, started
   * @throws KafkaStartupException if a node fails or the cluster is not up within the startup
   *     timeout; the nodes that did start are stopped again
   */
  public synchronized EmbeddedKafkaCluster start() {
    if (started || closed) {
      throw new IllegalStateException("An EmbeddedKafkaCluster can be started once");
    }
    long begin = System.nanoTime();
    // Ctrl-C during a start (6 s or more) must not leave brokers writing into a directory that
    // nobody deletes: the hook interrupts the start, stops what started and deletes the data
    Runtime.getRuntime().addShutdownHook(exitHook);
    starter = Thread.currentThread();
    started = true;
    try {
      dataDirectory = prepareDataDirectory();
      int[] ports = FreePorts.allocate(2 * brokerCount + 1);
      int controllerPort = ports[2 * brokerCount];
      String clusterId = LogDirectoryFormatter.newClusterId();
      if (secured) {
        tls = TlsMaterial.create(dataDirectory.resolve("tls"));
      }
      for (int nodeId = 0; nodeId < brokerCount; nodeId++) {
        Path logDir = dataDirectory.resolve("node-" + nodeId);
        LogDirectoryFormatter.formatIfNeeded(logDir, nodeId, clusterId);
        int securePort = secured ? ports[brokerCount + nodeId] : 0;
        Properties properties =
            NodeProperties.of(
                nodeId, ports[nodeId], controllerPort, logDir, brokerCount, brokerOverrides);
        if (secured) {
          SecuredListener.addTo(properties, securePort, tls);
        }
        nodes.add(new KafkaNode(nodeId, ports[nodeId], securePort, logDir, properties));
      }
      startNodes(nodes);
    } catch (RuntimeException e) {
      shutdown();
      if (Thread.currentThread().isInterrupted() && !(e instanceof KafkaStartupException)) {
        throw new KafkaStartupException("Interrupted while starting Kafka", e);
      }
      throw e;
    } finally {
      starter = null;
    }
    LOG.info(
        "Kafka cluster of {} broker(s) ready at {} in {} ms",
        brokerCount,
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    return this;
  }

  /** The {@code bootstrap.servers} value for clients: the addresses of the running brokers. */
  public synchronized String bootstrapServers() {
    requireStarted();
    return nodes.stream()
        .filter(KafkaNode::isRunning)
        .map(KafkaNode::bootstrapAddress)
        .collect(Collectors.joining(","));
  }

  /**
   * The {@code bootstrap.servers} of the secured listener (SASL_SSL, SCRAM-SHA-512, ACLs) of the
   * running brokers; see {@link Builder#secured()} and {@link #secureClientSettings}.
   */
  public synchronized String secureBootstrapServers() {
    requireStarted();
    return nodes.stream()
        .filter(KafkaNode::isRunning)
        .map(KafkaNode::secureBootstrapAddress)
        .collect(Collectors.joining(","));
  }

  /**
   * Everything a client needs to connect to the secured listener as {@code user}: bootstrap
   * servers, {@code security.protocol=SASL_SSL}, the SCRAM-SHA-512 JAAS config and the trust store
   * holding this cluster's CA. The user needs {@link #addScramUser} and ACLs.
   */
  public synchronized Map<String, String> secureClientSettings(String user, String password) {
    requireSecured();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secureBootstrapServers());
    settings.putAll(SecuredListener.clientSettings(tls, user, password));
    return settings;
  }

  /** The CA, key store and trust store of a secured cluster. */
  public synchronized TlsMaterial tls() {
    requireSecured();
    return tls;
  }

  /**
   * Creates (or changes the password of) a SCRAM-SHA-512 user and waits until every running broker
   * accepts its login. The user has no rights until ACLs grant them; create those with an {@code
   * Admin} on {@link #bootstrapServers()}, the super-user listener.
   */
  public synchronized void addScramUser(String user, String password) {
    requireSecured();
    try {
      admin()
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                      password)))
          .all()
          .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create the SCRAM user " + user + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the SCRAM user " + user, e);
    }
    long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
    for (KafkaNode node : nodes) {
      while (node.isRunning() && !acceptsLogin(node, user, password)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Broker " + node.nodeId() + " did not accept the login of " + user + " in time");
        }
        sleep(Duration.ofMillis(100));
      }
    }
  }

  private boolean acceptsLogin(KafkaNode node, String user, String password) {
    Map<String, Object> config =
        new LinkedHashMap<>(SecuredListener.clientSettings(tls, user, password));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.secureBootstrapAddress());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-login-check");
    try (Admin probe = Admin.create(config)) {
      probe.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking a login", e);
    }
  }

  /** Number of brokers of this cluster, running or stopped. */
  public int brokerCount() {
    return brokerCount;
  }

  /** Where the nodes keep their logs, one sub-directory {@code node-<id>} per node. */
  public synchronized Path dataDirectory() {
    requireStarted();
    return dataDirectory;
  }

  /**
   * Creates a topic and waits until every running broker has its metadata and a leader for each
   * partition.
   */
  public void createTopic(String name, int partitions, short replicationFactor) {
    createTopics(List.of(new NewTopic(name, partitions, replicationFactor)));
  }

  /**
   * Creates topics (with their configs, if any) and waits until every running broker has their
   * metadata and a leader for each partition.
   *
   * @throws IllegalStateException if Kafka refuses a topic (e.g. it exists, or the replication
   *     factor exceeds the running brokers) or the metadata does not spread in time
   */
  public synchronized void createTopics(Collection<NewTopic> topics) {
    requireStarted();
    String names = topics.stream().map(NewTopic::name).collect(Collectors.joining(", "));
    try {
      admin().createTopics(topics).all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Could not create topic(s) " + names + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not confirm the creation of topic(s) "
              + names
              + " within "
              + TOPIC_READY_TIMEOUT,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic(s) " + names, e);
    }
    awaitTopicsKnownToRunningBrokers(topics);
  }

  /**
   * Stops one plain broker without a controlled shutdown, as if it crashed: the controller fences
   * it after the broker session timeout (6 s), then moves leadership and shrinks the ISRs. Its data
   * stays on disk for {@link #startBroker}, without the clean-shutdown marker, so the restart runs
   * the log recovery of a broker killed with {@code kill -9}. Does nothing if the broker is stopped
   * already.
   *
   * @param nodeId 1..brokerCount-1; node 0 hosts the only controller and cannot be stopped alone
   */
  public synchronized void stopBroker(int nodeId) {
    requireStarted();
    KafkaNode node = plainBroker(nodeId);
    node.crash();
    LOG.info("Kafka broker {} stopped", nodeId);
  }

  /**
   * Stops every node, the controller last, like {@link #stopBroker}: an outage of the whole
   * cluster. Clients see every connection refused until {@link #startAllBrokers}.
   */
  public synchronized void stopAllBrokers() {
    requireStarted();
    stopNodes(
        nodes.stream().filter(node -> node.nodeId() != NodeProperties.CONTROLLER_NODE_ID),
        KafkaNode::crash);
    stopNodes(
        nodes.stream().filter(node -> node.nodeId() == NodeProperties.CONTROLLER_NODE_ID),
        KafkaNode::crash);
    LOG.info("All Kafka brokers stopped");
  }

  /** Starts every stopped node again, on the same ports and data, and waits until they are up. */
  public synchronized void startAllBrokers() {
    requireStarted();
    startNodes(nodes.stream().filter(node -> !node.isRunning()).toList());
    LOG.info("All Kafka brokers started again");
  }

  /**
   * Starts a broker stopped by {@link #stopBroker} again on the same port and data, and waits until
   * it has rejoined the cluster. Does nothing if it runs.
   */
  public synchronized void startBroker(int nodeId) {
    requireStarted();
    KafkaNode node = plainBroker(nodeId);
    if (!node.isRunning()) {
      startNodes(List.of(node));
      LOG.info("Kafka broker {} started again", nodeId);
    }
  }

  /**
   * Stops all brokers (plain brokers first, node 0 with the controller last) and deletes the data
   * directory if it was a temporary one.
   *
   * @throws IllegalStateException for a cluster from {@link SharedKafkaClusters}, which other tests
   *     still use; it is closed when the JVM exits
   */
  @Override
  public void close() {
    if (sharedUntilJvmExit) {
      throw new IllegalStateException(
          "This cluster is shared by the tests of this JVM (SharedKafkaClusters) and is closed at"
              + " JVM exit; do not close it, e.g. do not use it in try-with-resources");
    }
    shutdown();
  }

  /** Marks a cluster that {@link SharedKafkaClusters} hands out: {@link #close()} then refuses. */
  synchronized void shareUntilJvmExit() {
    sharedUntilJvmExit = true;
  }

  private void stopAtJvmExit() {
    Thread starting = starter;
    if (starting != null) {
      starting.interrupt(); // start() then fails and shuts down, holding the lock
    }
    shutdown();
  }

  /** Stops everything; idempotent. */
  synchronized void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != exitHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      } catch (IllegalStateException jvmExiting) {
        // the hook runs and waits for this lock; shutdown is done by then
      }
    }
    // a start interrupted by the exit hook still has to wait for its nodes to stop
    boolean interrupted = Thread.interrupted();
    try {
      stopEverything();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void stopEverything() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    stopNodes(
        nodes.stream().filter(node -> node.nodeId() != NodeProperties.CONTROLLER_NODE_ID),
        KafkaNode::stop);
    stopNodes(
        nodes.stream().filter(node -> node.nodeId() == NodeProperties.CONTROLLER_NODE_ID),
        KafkaNode::stop);
    executor.shutdownNow();
    if (configuredDataDirectory == null && dataDirectory != null) {
      deleteQuietly(dataDirectory);
    }
  }

  private void startNodes(List<KafkaNode> toStart) {
    Map<KafkaNode, Future<?>> startups = new LinkedHashMap<>();
    for (KafkaNode node : toStart) {
      startups.put(node, executor.submit(node::start));
    }
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    for (Map.Entry<KafkaNode, Future<?>> startup : startups.entrySet()) {
      int nodeId = startup.getKey().nodeId();
      try {
        startup.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        startups.values().forEach(future -> future.cancel(true));
        throw new KafkaStartupException(
            "Kafka node "
                + nodeId
                + " did not start within "
                + startupTimeout.toMillis()
                + " ms (data in "
                + dataDirectory
                + "); a broker waits for the controller on node 0, see the log for its errors",
            e);
      } catch (ExecutionException e) {
        startups.values().forEach(future -> future.cancel(true));
        throw new KafkaStartupException(
            "Kafka node " + nodeId + " failed to start: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaStartupException("Interrupted while starting Kafka node " + nodeId, e);
      }
    }
  }

  /** Stops nodes concurrently and waits for them, bounded in case a half-started node hangs. */
  private void stopNodes(Stream<KafkaNode> toStop, Consumer<KafkaNode> how) {
    List<Future<?>> stops =
        toStop.map(node -> executor.submit(() -> how.accept(node))).collect(Collectors.toList());
    long deadline = System.nanoTime() + SHUTDOWN_AFTER_FAILURE_TIMEOUT.toNanos();
    for (Future<?> stop : stops) {
      try {
        stop.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("A Kafka node did not stop cleanly", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitTopicsKnownToRunningBrokers(Collection<NewTopic> topics) {
    long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
    for (Map.Entry<String, Integer> topic : partitionCounts(topics).entrySet()) {
      for (KafkaNode node : nodes) {
        while (node.isRunning() && !node.knowsTopic(topic.getKey(), topic.getValue())) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Topic "
                    + topic.getKey()
                    + " was created but broker "
                    + node.nodeId()
                    + " did not see all its partitions with a leader within "
                    + TOPIC_READY_TIMEOUT);
          }
          sleep(Duration.ofMillis(20));
        }
      }
    }
  }

  /** Partitions per topic, as asked for or, for the broker's default, as created. */
  private Map<String, Integer> partitionCounts(Collection<NewTopic> topics) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<String> unspecified = new ArrayList<>();
    for (NewTopic topic : topics) {
      if (topic.numPartitions() > 0) {
        counts.put(topic.name(), topic.numPartitions());
      } else {
        unspecified.add(topic.name());
      }
    }
    if (!unspecified.isEmpty()) {
      try {
        admin()
            .describeTopics(unspecified)
            .allTopicNames()
            .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .forEach((name, description) -> counts.put(name, description.partitions().size()));
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("Could not describe the new topic(s) " + unspecified, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while describing topics " + unspecified, e);
      }
    }
    return counts;
  }

  private Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  nodes.stream().map(KafkaNode::bootstrapAddress).collect(Collectors.joining(",")),
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  "embedded-kafka-admin"));
    }
    return admin;
  }

  private KafkaNode plainBroker(int nodeId) {
    if (nodeId == NodeProperties.CONTROLLER_NODE_ID) {
      throw new IllegalArgumentException(
          "Node 0 runs the cluster's only controller; stop one of brokers 1.."
              + (brokerCount - 1)
              + " instead");
    }
    if (nodeId < 0 || nodeId >= brokerCount) {
      throw new IllegalArgumentException(
          "No broker " + nodeId + " in a cluster of " + brokerCount + " broker(s)");
    }
    return nodes.get(nodeId);
  }

  private void requireSecured() {
    requireStarted();
    if (!secured) {
      throw new IllegalStateException("This cluster has no secured listener; build it secured()");
    }
  }

  private void requireStarted() {
    if (!started || closed) {
      throw new IllegalStateException(
          closed ? "This Kafka cluster is closed" : "Call start() on the Kafka cluster first");
    }
  }

  private Path prepareDataDirectory() {
    try {
      return configuredDataDirectory == null
          ? Files.createTempDirectory("embedded-kafka-")
          : Files.createDirectories(configuredDataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the Kafka data directory "
              + (configuredDataDirectory == null ? "(temporary)" : configuredDataDirectory)
              + ": "
              + e,
          e);
    }
  }

  private static void deleteQuietly(Path directory) {
    try {
      Utils.delete(directory.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete the Kafka data directory {}", directory, e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  /**
   * Configuration of an {@link EmbeddedKafkaCluster}; every setting has a test-friendly default.
   */
  public static final class Builder {
    private int brokers = 1;
    private Path dataDirectory;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private boolean secured;

    private Builder() {}

    /**
     * Adds a second client listener on every broker, secured as a platform team would: TLS with a
     * CA and broker certificate made for this cluster ({@link TlsMaterial}), SASL/SCRAM-SHA-512
     * users ({@link EmbeddedKafkaCluster#addScramUser}) and the StandardAuthorizer refusing what no
     * ACL allows. {@link EmbeddedKafkaCluster#bootstrapServers()} stays the PLAINTEXT listener,
     * whose anonymous principal is the super user (replication, the test harness).
     */
    public Builder secured() {
      this.secured = true;
      return this;
    }

    /** Number of brokers, 1 by default; node 0 is also the controller. */
    public Builder brokers(int brokers) {
      if (brokers < 1 || brokers > 9) {
        throw new IllegalArgumentException("brokers must be between 1 and 9, got " + brokers);
      }
      this.brokers = brokers;
      return this;
    }

    /**
     * Keeps the data in this directory, which is created if needed, reused if formatted before, and
     * kept on close. By default a temporary directory is used and deleted on close.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /** Sets a broker property on every node, overriding the defaults of this class. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** Sets broker properties on every node, overriding the defaults of this class. */
    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /** How long {@link EmbeddedKafkaCluster#start()} waits for all nodes; 60 s by default. */
    public Builder startupTimeout(Duration startupTimeout) {
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    /** Returns the cluster, not started yet. */
    public EmbeddedKafkaCluster build() {
      return new EmbeddedKafkaCluster(this);
    }
  }
}
