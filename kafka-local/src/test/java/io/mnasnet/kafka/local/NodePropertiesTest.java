package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NodePropertiesTest {

  private static final Path LOG_DIR = Path.of("/tmp/kafka-node");

  @Test
  void singleBrokerReplicatesInternalTopicsOnceSoTransactionsWork() {
    Properties props = NodeProperties.of(0, 9092, 9093, LOG_DIR, 1, Map.of());

    assertThat(props)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "0@127.0.0.1:9093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.min.isr", "1")
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void plainBrokerOfThreeHasNoControllerListenerAndToleratesOneLostReplica() {
    Properties props = NodeProperties.of(2, 9100, 9093, LOG_DIR, 3, Map.of());

    assertThat(props)
        .containsEntry("process.roles", "broker")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9100")
        .containsEntry("controller.quorum.voters", "0@127.0.0.1:9093")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("controlled.shutdown.enable", "false")
        .doesNotContainKey("default.replication.factor");
    assertThat(NodeProperties.of(0, 9092, 9093, LOG_DIR, 3, Map.of()))
        .containsEntry("default.replication.factor", "3")
        .containsEntry("controlled.shutdown.enable", "true");
  }

  @Test
  void overridesWin() {
    Properties props =
        NodeProperties.of(0, 9092, 9093, LOG_DIR, 1, Map.of("auto.create.topics.enable", "true"));

    assertThat(props).containsEntry("auto.create.topics.enable", "true");
  }
}
