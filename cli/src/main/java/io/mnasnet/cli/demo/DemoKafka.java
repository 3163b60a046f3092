package io.mnasnet.cli.demo;

import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.cli.kafka.KafkaPreflight;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;

/**
 * The Kafka cluster the demo talks to: a one-broker KRaft cluster it starts in this JVM (data in a
 * temporary directory, deleted at {@link #close()}), or an existing cluster the user named, which
 * is checked to answer and left as it is at close.
 */
final class DemoKafka implements AutoCloseable {
  private final EmbeddedKafkaCluster embedded; // null for an existing cluster
  private final KafkaClientSettings settings;

  private DemoKafka(EmbeddedKafkaCluster embedded, KafkaClientSettings settings) {
    this.embedded = embedded;
    this.settings = settings;
  }

  /** Starts a one-broker cluster on free ports of 127.0.0.1 (a cold start takes a few seconds). */
  static DemoKafka startInProcess() {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(1).build().start();
    return new DemoKafka(cluster, KafkaClientSettings.of(cluster.bootstrapServers()));
  }

  /**
   * Uses the cluster of {@code settings}.
   *
   * @throws io.mnasnet.cli.kafka.KafkaUnreachableException if it does not answer; the message says
   *     what to check
   */
  static DemoKafka existing(KafkaClientSettings settings) {
    try (KafkaPreflight preflight =
        KafkaPreflight.connect(settings, KafkaPreflight.DEFAULT_TIMEOUT)) {
      return new DemoKafka(null, settings);
    }
  }

  KafkaClientSettings settings() {
    return settings;
  }

  /** For people: where the cluster is and whose it is. */
  String description() {
    return embedded == null
        ? "Kafka at " + settings.bootstrapServers()
        : "Kafka broker in this process at "
            + settings.bootstrapServers()
            + " (KRaft, 1 broker; deleted when the demo ends)";
  }

  /** Stops the in-process broker and deletes its data; leaves an existing cluster alone. */
  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
