package io.mnasnet.cli.snapshot;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.cli.CommandRun;
import io.mnasnet.cli.promote.KilledPromote;
import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.OperationsEndpoint;
import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import io.mnasnet.trainer.runlog.JsonLinesLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop of README "Retrain from the stream", end to end with a real broker, the streaming app
 * and the shipped Fashion-MNIST model: the input drifts (negatives of the images), the app's
 * accuracy on it collapses; {@code train --from-kafka ... --init-from <the served model directory>
 * --promote-to <it>} fine-tunes on a snapshot of the input topic and promotes the result; the app
 * hot-reloads it and new drifted images are classified far better than version 1 classifies them,
 * the original ones nearly as well (both compared on the same new images). A deliberately worse
 * candidate is then refused, the served version untouched, and its snapshot of the grown topic put
 * every record both runs read in the same split.
 *
 * <p>Data: the trainer's 1,000-image sample; images 0-799 (each original and inverted) and six
 * records the trainer must skip form the history, images 800-999 the new images.
 */
class RetrainFromStreamIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final int HISTORY = 800;
  private static final int NEW = 200;

  /**
   * On the new drifted images, version 2 through the pipeline must beat version 1 on the same
   * images by at least this many points (measured: 15.5% to 60.5%, +45).
   */
  static final double MIN_RISE_POINTS = 25;

  /**
   * On the new original images, version 2 through the pipeline may trail version 1 on the same
   * images by at most this many points (measured: 91.5% to 89.5%, -2).
   */
  static final double MAX_ORIGINAL_DROP_POINTS = 6;

  /** Through the pipeline, the shipped model gets drifted images mostly wrong (measured ~15%). */
  static final double POOR = 0.40;

  @TempDir Path work;

  @Test
  void theAppRecoversFromDriftOnceARetrainedVersionIsPromotedAndAWorseOneIsRefused()
      throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();
    TestTopics topics = TestTopics.created(cluster, "retrain", 2, (short) 1);
    String group = "retrain-" + topics.input();
    Path models = DriftImages.copyOfShippedModel(work.resolve("models"));
    StreamsAppConfig base =
        KafkaTestSupport.appConfig(
                cluster, topics, models, Files.createDirectories(work.resolve("state")))
            .withBatching(new BatchSettings(64, Duration.ofMillis(50)));
    StreamsAppConfig config =
        base.withInference(base.inference().withPollInterval(Duration.ofMillis(200)));

    Stopwatch clock = new Stopwatch();
    try (StreamingClassifierApp app = KafkaTestSupport.startApp(config, TIMEOUT)) {
      clock.lap("app started");
      // the history: the originals, then the drift; both record formats, labels as index or name
      List<ProducerRecord<byte[], byte[]>> history = new ArrayList<>();
      for (int i = 0; i < HISTORY; i++) {
        history.add(
            DriftImages.record(topics.input(), "orig-" + i, i, false, ImageEventFormat.RAW));
      }
      for (int i = 0; i < HISTORY; i++) {
        history.add(DriftImages.record(topics.input(), "inv-" + i, i, true, ImageEventFormat.JSON));
      }
      // and records a trainer must skip, counted by reason
      for (int i = 0; i < 3; i++) {
        history.add(
            DriftImages.record(
                topics.input(),
                "unlabelled-" + i,
                DriftImages.png(i, false),
                Map.of(),
                ImageEventFormat.RAW));
      }
      history.add(DriftImages.text(topics.input(), "text-0", "not an image"));
      history.add(DriftImages.text(topics.input(), "text-1", "nor this"));
      history.add(
          DriftImages.record(
              topics.input(),
              "huge-0",
              DriftImages.pngClaiming(100_000, 100_000),
              Map.of("label", "3"),
              ImageEventFormat.RAW));
      KafkaTestSupport.sendAll(cluster.bootstrapServers(), history);
      List<ConsumerRecord<String, Prediction>> before =
          KafkaTestSupport.readPredictions(cluster, topics, 2 * HISTORY + 3, TIMEOUT);
      DriftImages.Accuracy driftedBefore =
          DriftImages.accuracy(before, id -> id.startsWith("inv-"));
      DriftImages.Accuracy originalBefore =
          DriftImages.accuracy(before, id -> id.startsWith("orig-"));
      clock.lap("history classified by version 1");
      System.out.printf(
          "version 1 through the pipeline: drifted %s, original %s%n",
          driftedBefore, originalBefore);
      assertThat(driftedBefore.images()).isEqualTo(HISTORY);
      assertThat(driftedBefore.value()).as("the shipped model on drifted images").isLessThan(POOR);
      assertThat(originalBefore.value()).as("the shipped model on originals").isGreaterThan(0.85);

      // retrain from the topic, fine-tuning the served model, and promote through the gate
      Path firstRun = work.resolve("runs/drift-1");
      CommandRun train =
          CommandRun.of(
              "train",
              "--from-kafka",
              topics.input(),
              "-b",
              cluster.bootstrapServers(),
              "--init-from",
              models.toString(),
              "--epochs",
              "3",
              "--lr",
              "0.01",
              "--batch-size",
              "64",
              "--device",
              "cpu",
              "--quiet",
              "--run-dir",
              firstRun.toString(),
              "--group",
              group,
              "--promote-to",
              models.toString());
      assertThat(train.exitCode()).as(train.toString()).isZero();
      assertThat(new ModelDirectory(models).newest().orElseThrow().version()).isEqualTo(2);
      clock.lap("train --from-kafka ... --promote-to");
      await(
          "the app serves version 2",
          TIMEOUT,
          () -> app.servedModel().map(m -> m.version() == 2).orElse(false));
      clock.lap("version 2 served");

      // the promoted version knows the records that made it
      ModelLineage lineage = ModelMetadataFile.read(models.resolve("2")).lineage();
      assertThat(lineage.parent().version()).isEqualTo(1);
      ModelLineage.StreamSnapshot snapshot = lineage.snapshot();
      assertThat(snapshot.partitions())
          .extracting(ModelLineage.PartitionRange::partition)
          .containsExactlyInAnyOrder(0, 1);
      assertThat(snapshot.partitions().stream().mapToLong(r -> r.end() - r.start()).sum())
          .isEqualTo(history.size());
      assertThat(snapshot.records().read()).isEqualTo(history.size());
      assertThat(snapshot.records().train() + snapshot.records().validation())
          .isEqualTo(2 * HISTORY);
      assertThat(snapshot.records().skipped())
          .isEqualTo(Map.of("no label", 3L, "not an image event", 2L, "image too large", 1L));
      // the group remembers what was learnt: the snapshot's end offsets
      Map<Integer, Long> learnt = committed(cluster, group);
      snapshot
          .partitions()
          .forEach(range -> assertThat(learnt.get(range.partition())).isEqualTo(range.end()));
      assertThat(Files.readString(models.resolve("2/training/records.csv")))
          .contains(",orig-0,")
          .contains("skipped: image too large");
      assertThat(Files.readAllLines(firstRun.resolve(JsonLinesLog.FILE_NAME)).get(0))
          .contains("\"type\":\"snapshot\"")
          .contains("\"images_per_second\"");

      // new images, drifted and original, through the pipeline with version 2
      List<ProducerRecord<byte[], byte[]>> fresh = new ArrayList<>();
      for (int i = HISTORY; i < HISTORY + NEW; i++) {
        fresh.add(
            DriftImages.record(topics.input(), "new-inv-" + i, i, true, ImageEventFormat.RAW));
        fresh.add(
            DriftImages.record(topics.input(), "new-orig-" + i, i, false, ImageEventFormat.RAW));
      }
      KafkaTestSupport.sendAll(cluster.bootstrapServers(), fresh);
      List<ConsumerRecord<String, Prediction>> after =
          KafkaTestSupport.readPredictions(cluster, topics, before.size() + fresh.size(), TIMEOUT);
      clock.lap("new images classified by version 2");
      List<ConsumerRecord<String, Prediction>> fromVersion2 =
          after.stream().filter(r -> r.key().startsWith("new-")).toList();
      assertThat(fromVersion2).hasSize(2 * NEW);
      assertThat(fromVersion2)
          .allSatisfy(r -> assertThat(r.value().model().version()).isEqualTo(2));
      DriftImages.Accuracy driftedAfter =
          DriftImages.accuracy(fromVersion2, id -> id.startsWith("new-inv-"));
      DriftImages.Accuracy originalAfter =
          DriftImages.accuracy(fromVersion2, id -> id.startsWith("new-orig-"));
      // version 1 on the same new images, with the engine the app serves it with
      DriftImages.Accuracy driftedReference = versionOneOn(models, true);
      DriftImages.Accuracy originalReference = versionOneOn(models, false);
      System.out.printf(
          "new images: drifted %s by version 2 through the pipeline, %s by version 1;"
              + " original %s by version 2, %s by version 1%n",
          driftedAfter, driftedReference, originalAfter, originalReference);
      assertThat(100 * (driftedAfter.value() - driftedReference.value()))
          .as("rise on new drifted images, points")
          .isGreaterThanOrEqualTo(MIN_RISE_POINTS);
      assertThat(100 * (originalReference.value() - originalAfter.value()))
          .as("drop on new original images, points")
          .isLessThanOrEqualTo(MAX_ORIGINAL_DROP_POINTS);

      // the web view shows accuracy per model version
      JsonNode view =
          new ObjectMapper()
              .readTree(new OperationsEndpoint(app.metricsPort()).get("/api/view?after=0").body());
      Map<String, Double> byVersion = new TreeMap<>();
      for (JsonNode version : view.at("/accuracy/byModel")) {
        byVersion.put(
            version.path("model").asText(),
            version.path("correct").asDouble() / version.path("labelled").asDouble());
      }
      ModelMetadata served = ModelMetadataFile.read(models.resolve("2"));
      // keyed "name vN" (with the engine in brackets): version 1 saw half drifted images, 2 too
      double versionOne = accuracyOf(byVersion, served.name() + " v1");
      double versionTwo = accuracyOf(byVersion, served.name() + " v2");
      System.out.printf(
          "web view, accuracy by version: v1 %.1f%%, v2 %.1f%%%n",
          100 * versionOne, 100 * versionTwo);
      assertThat(versionTwo).isGreaterThan(versionOne);

      // a worse candidate (the old model's classifier barely moved) is refused: exit code 3, the
      // model directory untouched, version 2 still served
      Map<String, String> filesBefore = contents(models);
      Path secondRun = work.resolve("runs/worse");
      CommandRun worse =
          CommandRun.of(
              "train",
              "--from-kafka",
              topics.input(),
              "-b",
              cluster.bootstrapServers(),
              "--init-from",
              models.resolve("1").toString(),
              "--train-only",
              "classifier",
              "--epochs",
              "1",
              "--lr",
              "0.0001",
              "--device",
              "cpu",
              "--quiet",
              "--run-dir",
              secondRun.toString(),
              "--group",
              group,
              "--promote-to",
              models.toString());
      clock.lap("a worse candidate trained and refused");
      assertThat(worse.exitCode()).as(worse.toString()).isEqualTo(3);
      assertThat(committed(cluster, group)).as("a refused run advances no group").isEqualTo(learnt);
      assertThat(contents(models)).isEqualTo(filesBefore);
      assertThat(app.servedModel().orElseThrow().version()).isEqualTo(2);

      // a promote killed (SIGKILL, a child JVM) while it writes version 3 aside: the app, polling
      // the directory every 200 ms, never sees half a version; the next promote cleans up
      boolean killedWhileWriting = false;
      for (int attempt = 1; attempt <= 3 && !killedWhileWriting; attempt++) {
        int newestBefore = new ModelDirectory(models).newest().orElseThrow().version();
        await(
            "the app serves the newest version",
            TIMEOUT,
            () -> app.servedModel().map(m -> m.version() == newestBefore).orElse(false));
        double reloadsBefore = reloads(app);
        String outcome =
            KilledPromote.killWhenStagingAppears(
                firstRun, models, work.resolve("promote-" + attempt + ".log"));
        KilledPromote.assertValid(models);
        killedWhileWriting = KilledPromote.stagingLeft(models);
        System.out.printf(
            "RetrainFromStreamIT: promote %s; %d bytes left aside (the candidate has %d); newest"
                + " version %d%n",
            outcome,
            KilledPromote.bytesLeftAside(models),
            KilledPromote.bytesUnder(firstRun.resolve("model")),
            new ModelDirectory(models).newest().orElseThrow().version());
        if (killedWhileWriting) {
          assertThat(new ModelDirectory(models).newest().orElseThrow().version())
              .isEqualTo(newestBefore);
          Thread.sleep(1_000); // five polls of the app's model directory
          assertThat(app.servedModel().orElseThrow().version()).isEqualTo(newestBefore);
          assertThat(reloads(app))
              .as("no reload: the staging directory was never taken for a version")
              .isEqualTo(reloadsBefore);
        }
      }
      assertThat(killedWhileWriting).as("a kill landed while a version was written aside").isTrue();
      int servedNow = app.servedModel().orElseThrow().version();
      CommandRun promote =
          CommandRun.of(
              "promote",
              "--candidate",
              firstRun.toString(),
              "--model-dir",
              models.toString(),
              "--device",
              "cpu");
      assertThat(promote.exitCode()).as(promote.toString()).isZero();
      assertThat(KilledPromote.stagingLeft(models)).as("the leftover is removed").isFalse();
      KilledPromote.assertValid(models);
      await(
          "the app serves the version promoted after the kill",
          TIMEOUT,
          () -> app.servedModel().map(m -> m.version() == servedNow + 1).orElse(false));
      clock.lap("a promote killed, then one that finished");

      // the second snapshot (of the grown topic) put every record both read in the same split
      Map<String, String> firstSplit = uses(firstRun);
      Map<String, String> secondSplit = uses(secondRun);
      assertThat(secondSplit).hasSize(history.size() + fresh.size());
      assertThat(firstSplit).hasSize(history.size());
      firstSplit.forEach(
          (record, use) -> assertThat(secondSplit.get(record)).as(record).isEqualTo(use));
    }
  }

  /** Version 1's top-1 accuracy on the new images, drifted or original, outside the pipeline. */
  private static DriftImages.Accuracy versionOneOn(Path models, boolean inverted) throws Exception {
    List<byte[]> images = new ArrayList<>();
    for (int i = HISTORY; i < HISTORY + NEW; i++) {
      images.add(DriftImages.png(i, inverted));
    }
    try (LoadedModel model =
        ModelLoading.load(
                models.resolve("1"),
                EngineChoice.AUTO,
                ResolvedRuntime.cpuOnly(),
                ImageSizeLimit.DEFAULT)
            .model()) {
      List<Classification> results = model.classifyEncoded(images);
      long right = 0;
      for (int i = 0; i < NEW; i++) {
        if (results.get(i).prediction().orElseThrow().top1().index()
            == DriftImages.label(HISTORY + i)) {
          right++;
        }
      }
      return new DriftImages.Accuracy(NEW, right);
    }
  }

  /** The app's count of hot reloads. */
  private static double reloads(StreamingClassifierApp app) {
    return app.scrapeMetrics()
        .lines()
        .filter(line -> line.startsWith("mnasnet_model_reloads_total "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  /** The accuracy the web view lists for the version whose label starts with {@code prefix}. */
  private static double accuracyOf(Map<String, Double> byVersion, String prefix) {
    return byVersion.entrySet().stream()
        .filter(e -> e.getKey().equals(prefix) || e.getKey().startsWith(prefix + " "))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + byVersion.keySet()));
  }

  /** Prints how long each phase took, for the cost of the test. */
  private static final class Stopwatch {
    private long last = System.nanoTime();

    void lap(String phase) {
      long now = System.nanoTime();
      System.out.printf("RetrainFromStreamIT: %-40s %6.1f s%n", phase, (now - last) / 1e9);
      last = now;
    }
  }

  /** The offsets {@code group} committed, by partition. */
  private static Map<Integer, Long> committed(EmbeddedKafkaCluster cluster, String group)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      Map<Integer, Long> offsets = new TreeMap<>();
      admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach((tp, offset) -> offsets.put(tp.partition(), offset.offset()));
      return offsets;
    }
  }

  /** Every file under {@code dir} (but the lock file) with the SHA-256 of its contents. */
  private static Map<String, String> contents(Path dir) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().startsWith(".")) {
          continue;
        }
        files.put(
            dir.relativize(file).toString(),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      }
    }
    try (Stream<Path> children = Files.list(dir)) {
      children.forEach(child -> files.putIfAbsent(child.getFileName().toString(), "entry"));
    }
    return files;
  }

  /** {@code topic,partition,offset} to the use records.csv names (train, validation, skipped). */
  private static Map<String, String> uses(Path run) throws Exception {
    Map<String, String> uses = new HashMap<>();
    List<String> lines = Files.readAllLines(run.resolve("snapshot/records.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",");
      uses.put(fields[0] + "," + fields[1] + "," + fields[2], fields[fields.length - 1]);
    }
    return uses;
  }
}
