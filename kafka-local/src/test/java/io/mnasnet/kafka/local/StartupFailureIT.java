package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Startup that cannot finish in time fails with an explanation instead of hanging. */
class StartupFailureIT {

  @Test
  void startupTimeoutStopsTheHalfStartedNodesAndSaysWhy() {
    EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.builder().brokers(1).startupTimeout(Duration.ofMillis(300)).build();
    long begin = System.nanoTime();

    assertThatThrownBy(kafka::start)
        .isInstanceOf(KafkaStartupException.class)
        .hasMessageContaining("Kafka node 0 did not start within 300 ms");

    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    assertThatThrownBy(kafka::bootstrapServers).hasMessageContaining("closed");
  }
}
