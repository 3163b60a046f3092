package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

/** A three-broker cluster keeps serving a replicated topic when one broker crashes. */
class ThreeBrokerFaultIT {

  @Test
  void replicatedTopicSurvivesTheLossOfALeaderAndTheBrokerRejoins() throws Exception {
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).build().start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      String topic = TestClients.uniqueName("replicated");
      kafka.createTopic(topic, 3, (short) 3);
      assertThat(describe(admin, topic).partitions())
          .allSatisfy(partition -> assertThat(partition.isr()).hasSize(3));

      try (KafkaProducer<String, String> producer =
          TestClients.producer(kafka.bootstrapServers(), Map.of())) {
        TestClients.sendAndWait(producer, topic, 0, 50);

        assertThatThrownBy(() -> kafka.stopBroker(0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("controller");
        Node victimNode = leaderOtherThanController(describe(admin, topic));
        int victim = victimNode.id();
        kafka.stopBroker(victim);
        assertThat(kafka.bootstrapServers().split(","))
            .hasSize(2)
            .doesNotContain(victimNode.host() + ":" + victimNode.port());

        // the same producer fails over once the controller fences the stopped broker
        TestClients.sendAndWait(producer, topic, 50, 100);
        assertThat(describe(admin, topic).partitions())
            .allSatisfy(
                partition -> {
                  assertThat(partition.leader().id()).isNotEqualTo(victim);
                  assertThat(partition.isr()).extracting(Node::id).doesNotContain(victim);
                });

        List<ConsumerRecord<String, String>> records =
            TestClients.consume(
                kafka.bootstrapServers(), topic, "read_uncommitted", 100, Duration.ofSeconds(40));
        assertThat(records)
            .extracting(ConsumerRecord::value)
            .containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList());

        kafka.startBroker(victim);
        awaitFullIsr(admin, topic, Duration.ofSeconds(30));
        assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
      }
    }
  }

  @Test
  void unstartedClustersAndBadSizesAreRejected() {
    EmbeddedKafkaCluster notStarted = EmbeddedKafkaCluster.builder().brokers(3).build();
    assertThatThrownBy(notStarted::bootstrapServers).hasMessageContaining("start()");
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brokers");
    notStarted.close();
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
  }

  /** A broker other than node 0 (which hosts the controller), a partition leader if possible. */
  private static Node leaderOtherThanController(TopicDescription topic) {
    List<Node> leaders =
        topic.partitions().stream()
            .map(TopicPartitionInfo::leader)
            .filter(n -> n.id() != 0)
            .toList();
    if (!leaders.isEmpty()) {
      return leaders.get(0);
    }
    return topic.partitions().get(0).replicas().stream()
        .filter(n -> n.id() != 0)
        .findFirst()
        .orElseThrow();
  }

  private static void awaitFullIsr(Admin admin, String topic, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean full =
          describe(admin, topic).partitions().stream().allMatch(p -> p.isr().size() == 3);
      if (full) {
        return;
      }
      assertThat(System.nanoTime()).as("ISR of %s back to 3 replicas", topic).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
