package io.mnasnet.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.CommandRun;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.streams.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --from-kafka} on input it cannot train on, against a real broker: each case fails
 * with exit code 1 and one line on stderr that says what is wrong and what to do, before any
 * training, and leaves nothing behind: no run directory, no new model version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainFromKafkaBadInputIT {
  private EmbeddedKafkaCluster cluster;
  @TempDir Path work;
  private Path models;

  @BeforeAll
  void start() throws Exception {
    cluster = SharedKafkaClusters.single();
  }

  @Test
  void aMissingTopic() throws Exception {
    String topic = "no-such-topic-" + UUID.randomUUID().toString().substring(0, 8);
    assertFailsWithOneLine(train(topic), "topic '" + topic + "' does not exist at");
  }

  @Test
  void aTopicWithoutOneLabelledRecord() throws Exception {
    String topic = topic();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(
          DriftImages.record(
              topic, "x-" + i, DriftImages.png(i, false), Map.of(), ImageEventFormat.RAW));
    }
    send(records);
    assertFailsWithOneLine(
        train(topic), "no usable record in the snapshot", "5 no label", "attr.label");
  }

  @Test
  void labelsThatMatchNoClass() throws Exception {
    String topic = topic();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(
          DriftImages.record(
              topic,
              "g-" + i,
              DriftImages.png(i, false),
              Map.of("label", i % 2 == 0 ? "Giraffe" : "12"),
              ImageEventFormat.JSON));
    }
    send(records);
    assertFailsWithOneLine(train(topic), "5 label matches no class", "label 'Giraffe'", "--labels");
  }

  @Test
  void contentOfOtherTypes() throws Exception {
    String topic = topic();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    records.add(DriftImages.text(topic, "t-0", "hello"));
    records.add(DriftImages.text(topic, "t-1", "{\"id\":\"p-1\",\"topK\":[]}"));
    records.add(
        new ProducerRecord<>(
            topic,
            "json-0".getBytes(StandardCharsets.UTF_8),
            "{\"id\":\"json-0\",\"contentType\":\"image/gif\",\"data\":\"R0lG\",\"timestamp\":1}"
                .getBytes(StandardCharsets.UTF_8)));
    send(records);
    assertFailsWithOneLine(
        train(topic),
        "no usable record",
        "3 not an image event",
        "Is --from-kafka the images topic?");
  }

  @Test
  void anOversizedImage() throws Exception {
    String topic = topic();
    send(
        List.of(
            DriftImages.record(
                topic,
                "huge",
                DriftImages.pngClaiming(100_000, 100_000),
                Map.of("label", "1"),
                ImageEventFormat.RAW)));
    assertFailsWithOneLine(train(topic), "1 image too large", "100000x100000", "--max-side");
  }

  @Test
  void anEmptyFromRange() throws Exception {
    String topic = topic();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      records.add(DriftImages.record(topic, "e-" + i, i, false, ImageEventFormat.RAW));
    }
    send(records);
    assertFailsWithOneLine(
        train(topic, "--from", "2099-01-01"),
        "the snapshot is empty",
        "--from 2099-01-01",
        "earlier --from");
    assertFailsWithOneLine(
        train(topic, "--from", "0:7"), "offset 7 of " + topic + "-0 is outside", "[0, 3)");
  }

  private CommandRun train(String topic, String... extra) throws Exception {
    models = work.resolve("models");
    if (!Files.isDirectory(models)) {
      DriftImages.copyOfShippedModel(models);
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--from-kafka",
                topic,
                "-b",
                cluster.bootstrapServers(),
                "--init-from",
                models.toString(),
                "--epochs",
                "1",
                "--device",
                "cpu",
                "--quiet",
                "--run-dir",
                work.resolve("runs").resolve(topic).toString(),
                "--promote-to",
                models.toString()));
    args.addAll(List.of(extra));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private void assertFailsWithOneLine(CommandRun run, String... phrases) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    List<String> lines = run.err().lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).as(run.toString()).hasSize(1);
    assertThat(lines.get(0)).startsWith("mnasnet train: ");
    for (String phrase : phrases) {
      assertThat(lines.get(0)).as(run.toString()).contains(phrase);
    }
    System.out.println(lines.get(0));
    // nothing half-written: no run directory, and the model directory holds version 1 only
    try (Stream<Path> runs = Files.list(Files.createDirectories(work.resolve("runs")))) {
      assertThat(runs).isEmpty();
    }
    try (Stream<Path> versions = Files.list(models)) {
      assertThat(versions.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.equals("1") || name.startsWith("."));
    }
  }

  private String topic() {
    String topic = "bad-input-" + UUID.randomUUID().toString().substring(0, 8);
    cluster.createTopic(topic, 1, (short) 1);
    return topic;
  }

  private void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    KafkaTestSupport.sendAll(cluster.bootstrapServers(), records);
  }
}
