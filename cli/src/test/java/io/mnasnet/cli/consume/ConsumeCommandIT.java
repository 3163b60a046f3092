package io.mnasnet.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.cli.CommandRun;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code mnasnet consume} against hand-written predictions on a real broker in this JVM. */
class ConsumeCommandIT {
  private final EmbeddedKafkaCluster kafka = SharedKafkaClusters.single();
  private final PredictionSerde serde = new PredictionSerde();

  private final List<Prediction> committed =
      List.of(
          TestPredictions.of("img-right-1", 9, "Ankle boot", 0.97, "9", 120),
          TestPredictions.of("img-right-2", 1, "Trouser", 0.88, "1", 80),
          TestPredictions.of("img-wrong", 6, "Shirt", 0.51, "0", 300),
          TestPredictions.of("img-unlabelled", 3, "Dress", 0.66, null, 40));

  @Test
  void printsCommittedPredictionsWithTheirAccuracyAndSkipsWhatIsNotOne() throws Exception {
    String topic = uniqueName("predictions");
    kafka.createTopic(topic, 2, (short) 1);
    try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      producer.beginTransaction();
      send(producer, topic, committed.get(0));
      send(producer, topic, committed.get(1));
      producer.send(
          new ProducerRecord<>(topic, "garbage", "{not json".getBytes(StandardCharsets.UTF_8)));
      send(producer, topic, committed.get(2));
      send(producer, topic, committed.get(3));
      producer.commitTransaction();

      producer.beginTransaction();
      send(producer, topic, TestPredictions.of("img-aborted", 9, "Ankle boot", 0.9, "9", 10));
      producer.flush();
      producer.abortTransaction();
    }

    CommandRun run =
        CommandRun.of(
            "consume",
            "--topic",
            topic,
            "--from-beginning",
            "--timeout",
            "3s",
            "-b",
            kafka.bootstrapServers());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("img-right-1", "img-right-2", "img-wrong", "img-unlabelled")
        .doesNotContain("img-aborted")
        .contains("Received 4 predictions (1 unreadable record skipped)")
        .contains("Accuracy: 66.7% (2/3) of the predictions with a true label")
        .contains("End-to-end latency: p50 80 ms, p95 300 ms, p99 300 ms, max 300 ms");
    assertThat(run.out().lines().filter(line -> line.startsWith("img-wrong")).findFirst())
        .hasValueSatisfying(
            line -> assertThat(line).contains("Shirt").contains("T-shirt/top").contains(" no "));
    assertThat(run.err()).contains("(key garbage), not a prediction");
  }

  @Test
  void printsJsonLinesAndStopsAfterMax() throws Exception {
    String topic = uniqueName("predictions-json");
    kafka.createTopic(topic, 1, (short) 1);
    try (KafkaProducer<String, byte[]> producer = plainProducer()) {
      for (Prediction prediction : committed) {
        send(producer, topic, prediction);
      }
    }

    CommandRun run =
        CommandRun.of(
            "consume",
            "--topic",
            topic,
            "--from-beginning",
            "--max",
            "2",
            "--json",
            "-b",
            kafka.bootstrapServers());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("id").asText()).isEqualTo("img-right-1");
    assertThat(first.get("topK").get(0).get("label").asText()).isEqualTo("Ankle boot");
    assertThat(run.err()).contains("Received 2 predictions").contains("Accuracy: 100.0% (2/2)");
  }

  @Test
  void byDefaultReadsOnlyPredictionsThatArriveAfterItStarted() throws Exception {
    String topic = uniqueName("predictions-latest");
    kafka.createTopic(topic, 1, (short) 1);
    try (KafkaProducer<String, byte[]> producer = plainProducer()) {
      send(producer, topic, committed.get(0));
      producer.flush();

      CompletableFuture<CommandRun> consume =
          CompletableFuture.supplyAsync(
              () ->
                  CommandRun.of(
                      "consume",
                      "--topic",
                      topic,
                      "--max",
                      "1",
                      "--timeout",
                      "20s",
                      "-b",
                      kafka.bootstrapServers()));
      // the consumer's start position is not observable from here: keep sending until it sees one
      for (int i = 0; !consume.isDone() && i < 60; i++) {
        send(producer, topic, TestPredictions.of("img-new-" + i, 2, "Pullover", 0.7, "2", 10));
        producer.flush();
        Thread.sleep(300);
      }
      CommandRun run = consume.get(30, TimeUnit.SECONDS);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out())
          .contains("img-new-")
          .doesNotContain("img-right-1")
          .contains("Received 1 prediction");
    }
  }

  private void send(KafkaProducer<String, byte[]> producer, String topic, Prediction prediction) {
    producer.send(new ProducerRecord<>(topic, prediction.id(), serde.write(prediction)));
  }

  private KafkaProducer<String, byte[]> plainProducer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private KafkaProducer<String, byte[]> transactionalProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, uniqueName("tx")),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
