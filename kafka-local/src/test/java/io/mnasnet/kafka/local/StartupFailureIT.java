package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Startup that cannot finish in time fails with an explanation instead of hanging. */
class StartupFailureIT {

  /**
   * Stopping a node in the middle of its startup can trip Kafka's fatal-fault handler, which halts
   * the JVM: in a test JVM that would kill every test after this one (seen on a loaded machine).
   * Kafka's own tests replace the exit and halt procedures for the same reason; this test does so
   * only while it runs (failsafe runs the module's test classes one after another).
   */
  @BeforeEach
  void keepKafkaFromHaltingTheTestJvm() {
    Exit.Procedure refuse =
        (status, message) -> {
          throw new IllegalStateException(
              "Kafka asked to end the JVM (status " + status + "): " + message);
        };
    Exit.setHaltProcedure(refuse);
    Exit.setExitProcedure(refuse);
  }

  @AfterEach
  void restoreKafkaExitProcedures() {
    Exit.resetHaltProcedure();
    Exit.resetExitProcedure();
  }

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
