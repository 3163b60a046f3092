package io.mnasnet.streams.ops;

import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.security.MissingPermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the input, output and dead-letter topics exist before Kafka Streams starts: creates
 * the missing ones when {@code topics.create=true}, otherwise fails with a message naming them
 * (Kafka Streams would fail later and less clearly, and it never creates the dead-letter topic).
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 60;

  private TopicProvisioner() {}

  /**
   * Topics this principal may not describe are absent from {@code listTopics}, like missing ones;
   * tells the two apart, so that a missing ACL is not reported as a missing topic.
   */
  private static void requireDescribable(Admin admin, List<String> missing, StreamsAppConfig config)
      throws InterruptedException, TimeoutException {
    Set<String> denied = new LinkedHashSet<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
        admin.describeTopics(missing).topicNameValues().entrySet()) {
      try {
        topic.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // UnknownTopicOrPartitionException: really missing
        if (e.getCause() instanceof TopicAuthorizationException) {
          denied.add(topic.getKey());
        }
      }
    }
    if (!denied.isEmpty()) {
      // the admin's exception does not name the topics; this one does
      TopicAuthorizationException error = new TopicAuthorizationException(denied);
      throw new IllegalStateException(
          MissingPermission.explain(error, config).orElseThrow(), error);
    }
  }

  /**
   * Checks, and creates if allowed, the app's topics.
   *
   * @param adminProperties Kafka client properties (bootstrap servers, security)
   * @throws IllegalStateException naming the missing topics when they may not be created
   */
  public static void ensureTopics(StreamsAppConfig config, Properties adminProperties) {
    StreamsAppConfig.TopicSettings topics = config.topics();
    Set<String> wanted =
        new LinkedHashSet<>(List.of(topics.input(), topics.output(), topics.deadLetter()));
    try (Admin admin = Admin.create(adminProperties)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<String> missing = new ArrayList<>();
      for (String topic : wanted) {
        if (!existing.contains(topic)) {
          missing.add(topic);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      requireDescribable(admin, missing, config);
      if (!topics.create()) {
        throw new IllegalStateException(
            "missing topic(s) "
                + missing
                + " on "
                + config.kafka().bootstrapServers()
                + ": create them, or let the app create them with topics.create=true"
                + " (--create-topics)");
      }
      Optional<Short> replication =
          topics.replicationFactor() > 0
              ? Optional.of(topics.replicationFactor())
              : Optional.empty();
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : missing) {
        newTopics.add(new NewTopic(topic, Optional.of(topics.partitions()), replication));
      }
      try {
        admin.createTopics(newTopics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // another instance starting at the same time may have created them first
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      log.info(
          "Created topic(s) {} with {} partitions, replication factor {}",
          missing,
          topics.partitions(),
          replication.map(String::valueOf).orElse("(broker default)"));
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot check or create topics "
              + wanted
              + " on "
              + config.kafka().bootstrapServers()
              + ": "
              + cause,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    }
  }
}
