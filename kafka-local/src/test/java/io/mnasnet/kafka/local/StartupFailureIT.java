package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
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

  /**
   * The node must be unable to start however fast the machine is: in the failsafe JVM, warm from
   * the ITs before this one, a single node used to be ready in about 300 ms, so a short timeout
   * alone did not always fire. Here node 0's static quorum also names a voter 1 that never runs;
   * one vote of two is no majority, so no controller is ever elected and the broker waits for ever.
   * The listeners are pinned to ports chosen here so that the quorum can name node 0's own
   * controller address, and so that the test can check it is released afterwards.
   */
  @Test
  void startupTimeoutStopsTheHalfStartedNodesAndSaysWhy() throws IOException {
    int[] ports = FreePorts.allocate(3);
    int brokerPort = ports[0];
    int controllerPort = ports[1];
    int absentVoterPort = ports[2];
    EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.builder()
            .brokers(1)
            .brokerProperties(
                Map.of(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                    "advertised.listeners",
                    "PLAINTEXT://127.0.0.1:" + brokerPort,
                    "controller.quorum.voters",
                    "0@127.0.0.1:" + controllerPort + ",1@127.0.0.1:" + absentVoterPort))
            .startupTimeout(Duration.ofMillis(300))
            .build();
    long begin = System.nanoTime();

    assertThatThrownBy(kafka::start)
        .isInstanceOf(KafkaStartupException.class)
        .hasMessageContaining("Kafka node 0 did not start within 300 ms");

    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    assertThatThrownBy(kafka::bootstrapServers).hasMessageContaining("closed");
    // the half-started node was stopped: its listeners are free again
    for (int port : new int[] {brokerPort, controllerPort}) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(NodeProperties.HOST, port));
      }
    }
  }
}
