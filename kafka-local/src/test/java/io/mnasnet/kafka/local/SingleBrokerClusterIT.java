package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The shared single-broker cluster: topics, transactions, and its guard rails. */
class SingleBrokerClusterIT {

  private final EmbeddedKafkaCluster kafka = SharedKafkaClusters.single();

  @Test
  void transactionalRecordsAreReadCommittedAndAbortedOnesAreNot() throws Exception {
    String topic = TestClients.uniqueName("images");
    kafka.createTopic(topic, 3, (short) 1);

    try (KafkaProducer<String, String> producer =
        TestClients.producer(
            kafka.bootstrapServers(),
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestClients.uniqueName("tx")))) {
      producer.initTransactions();
      producer.beginTransaction();
      TestClients.sendAndWait(producer, topic, 0, 100);
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted", "must not be read"));
      producer.flush();
      producer.abortTransaction();
    }

    List<ConsumerRecord<String, String>> records =
        TestClients.consume(
            kafka.bootstrapServers(), topic, "read_committed", 100, Duration.ofSeconds(30));

    assertThat(records).extracting(ConsumerRecord::key).doesNotContain("aborted");
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList());
    assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
  }

  @Test
  void createdTopicHasTheRequestedPartitionsAndTopicsAreNotCreatedAutomatically() throws Exception {
    String topic = TestClients.uniqueName("created");
    String missing = TestClients.uniqueName("missing");
    kafka.createTopic(topic, 3, (short) 1);

    try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        KafkaProducer<String, String> producer =
            TestClients.producer(
                kafka.bootstrapServers(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500))) {
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
          .hasSize(3);

      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(missing, "k", "v")).get())
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining(missing);
      assertThat(admin.listTopics().names().get()).contains(topic).doesNotContain(missing);
    }
  }

  @Test
  void creatingAnExistingTopicFailsWithItsName() {
    String topic = TestClients.uniqueName("twice");
    kafka.createTopic(topic, 1, (short) 1);

    assertThatThrownBy(() -> kafka.createTopic(topic, 1, (short) 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(topic);
  }

  @Test
  void sharedClusterRefusesToBeClosedByATest() {
    assertThatThrownBy(kafka::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shared");
    assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
  }
}
