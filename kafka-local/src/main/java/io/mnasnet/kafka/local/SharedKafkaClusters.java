package io.mnasnet.kafka.local;

/**
 * One {@link EmbeddedKafkaCluster} per JVM and size, started on first use and closed when the JVM
 * exits: test support for the modules whose integration tests need a broker.
 *
 * <p>Why a JVM-wide instance is acceptable here although the project avoids global state: a cold
 * start costs about 6 s (7 s for three brokers) on a small machine, which would dominate a suite
 * that started a cluster per test class. The instances are immutable from the caller's point of
 * view except for topics, so tests stay independent if they:
 *
 * <ul>
 *   <li>use topic, group and transactional ids unique to the test (e.g. with a random suffix);
 *   <li>never close the cluster ({@link EmbeddedKafkaCluster#close()} throws for a shared one);
 *   <li>restart, in a {@code finally} block, any broker they stop with {@link
 *       EmbeddedKafkaCluster#stopBroker} on {@link #threeBrokers()}.
 * </ul>
 *
 * <p>The shutdown hook closes the cluster and deletes its temporary data when the test JVM exits
 * (Surefire and Failsafe fork one JVM per module by default).
 */
public final class SharedKafkaClusters {

  private static final Shared SINGLE_BROKER = new Shared(1);
  private static final Shared THREE_BROKERS = new Shared(3);

  private SharedKafkaClusters() {}

  /** The shared single-broker cluster (broker and controller in one node). */
  public static EmbeddedKafkaCluster single() {
    return SINGLE_BROKER.get();
  }

  /** The shared three-broker cluster, for replication and fault tests. */
  public static EmbeddedKafkaCluster threeBrokers() {
    return THREE_BROKERS.get();
  }

  /** A cluster started on first use; a failed start is reported again to every later caller. */
  private static final class Shared {
    private final int brokers;
    private EmbeddedKafkaCluster cluster;
    private RuntimeException startFailure;

    Shared(int brokers) {
      this.brokers = brokers;
    }

    synchronized EmbeddedKafkaCluster get() {
      if (startFailure != null) {
        throw new KafkaStartupException(
            "The shared " + brokers + "-broker Kafka cluster failed to start earlier in this JVM",
            startFailure);
      }
      if (cluster == null) {
        EmbeddedKafkaCluster created = EmbeddedKafkaCluster.builder().brokers(brokers).build();
        created.shareUntilJvmExit();
        try {
          created.start();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(created::shutdown, "shared-kafka-" + brokers + "-shutdown"));
        cluster = created;
      }
      return cluster;
    }
  }
}
