package io.mnasnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The reader the reliability tests count with sees a duplicate that is committed after the expected
 * number of records arrived: it reads on to the partitions' end, open transactions included, and
 * does not stop at the count plus a fixed wait.
 */
class KafkaTestSupportIT {
  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();

  @Test
  void aDuplicateCommittedLateIsRead() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "late-duplicate", 2, (short) 1);
    try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topics.output(), "image-1")).get();
      producer.commitTransaction();
      // the duplicate: written now, committed 3 s later, long after the one expected record
      producer.beginTransaction();
      producer.send(record(topics.output(), "image-1")).get();
      CompletableFuture<Void> commitLater =
          CompletableFuture.runAsync(
              () -> {
                try {
                  Thread.sleep(3_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                producer.commitTransaction();
              });

      var read =
          KafkaTestSupport.readRaw(
              cluster.bootstrapServers(), topics.output(), 1, Duration.ofSeconds(30));
      commitLater.get();

      assertThat(read).extracting(KafkaTestSupport::keyOf).containsExactly("image-1", "image-1");
    }
  }

  @Test
  void anAbortedTransactionIsPassedAndNotRead() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "aborted", 1, (short) 1);
    try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topics.output(), "kept")).get();
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(record(topics.output(), "aborted")).get();
      producer.abortTransaction();
    }

    var read =
        KafkaTestSupport.readRaw(cluster.bootstrapServers(), topics.output(), 0, Duration.ZERO);

    assertThat(read).extracting(KafkaTestSupport::keyOf).containsExactly("kept");
  }

  private KafkaProducer<byte[], byte[]> transactionalProducer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "reader-test-" + UUID.randomUUID());
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key) {
    // both on partition 0: the reader must wait on the partition that holds the open transaction
    return new ProducerRecord<>(
        topic, 0, key.getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
  }
}
