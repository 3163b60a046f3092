package io.mnasnet.cli.kafka;

import io.mnasnet.cli.CommandFailedException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The checks a command makes before it starts its real clients, so that a wrong address or missing
 * credentials fail within seconds with a message that says what to do, instead of a producer
 * blocking for a minute: the brokers answer ({@link #connect}), the topic exists ({@link
 * #topicExists}, {@link #createTopicIfMissing}). Holds one {@link Admin} client; close it.
 */
public final class KafkaPreflight implements AutoCloseable {
  /** How long {@link #connect} waits for the cluster to answer by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;
  private final KafkaClientSettings settings;
  private final Duration timeout;
  private final int brokerCount;
  private final String clusterId;

  private KafkaPreflight(
      Admin admin,
      KafkaClientSettings settings,
      Duration timeout,
      int brokerCount,
      String clusterId) {
    this.admin = admin;
    this.settings = settings;
    this.timeout = timeout;
    this.brokerCount = brokerCount;
    this.clusterId = clusterId;
  }

  /**
   * Connects and asks the cluster for its brokers.
   *
   * @throws KafkaUnreachableException when no broker answers within {@code timeout}, the address
   *     does not resolve, or the broker refuses the credentials; the message names the bootstrap
   *     servers and suggests a fix
   */
  public static KafkaPreflight connect(KafkaClientSettings settings, Duration timeout) {
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    Admin admin;
    try {
      admin =
          Admin.create(
              settings.forAdmin(
                  Map.of(
                      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs)));
    } catch (KafkaException e) {
      throw new KafkaUnreachableException(
          "Cannot connect to Kafka at "
              + settings.bootstrapServers()
              + ": "
              + rootMessage(e)
              + ". Check --bootstrap-servers (HOST:PORT[,...]).",
          e);
    }
    try {
      DescribeClusterResult cluster =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
      Collection<Node> nodes = cluster.nodes().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
      String id = cluster.clusterId().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
      return new KafkaPreflight(admin, settings, timeout, nodes.size(), id);
    } catch (Exception e) {
      admin.close(CLOSE_TIMEOUT);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw unreachable(settings, timeout, e);
    }
  }

  /** The cluster's id (what identifies it; its brokers' addresses may change). */
  public String clusterId() {
    return clusterId;
  }

  /** Number of brokers in the cluster. */
  public int brokerCount() {
    return brokerCount;
  }

  /** Whether {@code topic} exists (and this client may describe it). */
  public boolean topicExists(String topic) {
    return describe(topic).isPresent();
  }

  /** The partitions of {@code topic}, if it exists. */
  public Optional<TopicDescription> describe(String topic) {
    try {
      return Optional.of(
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw failure("cannot describe topic '" + topic + "'", e);
    } catch (Exception e) {
      throw failure("cannot describe topic '" + topic + "'", e);
    }
  }

  /**
   * Creates {@code topic} with the broker's default partition count and replication factor unless
   * it exists.
   *
   * @return whether this call created it
   */
  public boolean createTopicIfMissing(String topic) {
    if (topicExists(topic)) {
      return false;
    }
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw failure("topic '" + topic + "' does not exist and could not be created", e);
    } catch (Exception e) {
      throw failure("topic '" + topic + "' does not exist and could not be created", e);
    }
  }

  @Override
  public void close() {
    admin.close(CLOSE_TIMEOUT);
  }

  private CommandFailedException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    String hint =
        unwrap(e) instanceof AuthorizationException
            ? " Ask for the ACLs, or create the topic beforehand."
            : "";
    return new CommandFailedException(
        "Kafka at "
            + settings.bootstrapServers()
            + ": "
            + what
            + ": "
            + rootMessage(e)
            + "."
            + hint,
        e);
  }

  private static KafkaUnreachableException unreachable(
      KafkaClientSettings settings, Duration timeout, Exception e) {
    Throwable cause = unwrap(e);
    String servers = settings.bootstrapServers();
    if (cause instanceof AuthenticationException) {
      return new KafkaUnreachableException(
          "Kafka at "
              + servers
              + " refused the connection's credentials: "
              + cause.getMessage()
              + ". Check security.protocol, sasl.* and ssl.* (-X key=value or --config FILE).",
          e);
    }
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException
        || e instanceof java.util.concurrent.TimeoutException) {
      return new KafkaUnreachableException(
          "No Kafka broker answered at "
              + servers
              + " within "
              + timeout.toSeconds()
              + " s. Is one running? Start a local one with `bin/kafka-broker start`, or point"
              + " --bootstrap-servers at yours (with -X/--config for SASL or SSL).",
          e);
    }
    return new KafkaUnreachableException(
        "Cannot talk to Kafka at "
            + servers
            + ": "
            + rootMessage(e)
            + ". Start a local broker with `bin/kafka-broker start`, or check --bootstrap-servers.",
        e);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
