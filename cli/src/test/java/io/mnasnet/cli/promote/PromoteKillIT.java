package io.mnasnet.cli.promote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.CommandRun;
import io.mnasnet.cli.Mnasnet;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.inference.versions.VersionPublisher;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.streams.ChildJvm;
import io.mnasnet.streams.KafkaTestSupport;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promote} killed with SIGKILL while it writes the new version: a real child process, killed
 * the moment its staging directory appears in the model directory (inotify). The model directory
 * stays valid (every numbered version complete and loadable, the newest one what the app would
 * serve), and the next promote removes what was left aside and publishes.
 */
class PromoteKillIT {
  private static final int ATTEMPTS = 4;

  @TempDir Path work;

  @Test
  void aPromoteKilledWhileWritingLeavesTheModelDirectoryValid() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();
    String topic = "kill-" + UUID.randomUUID().toString().substring(0, 8);
    cluster.createTopic(topic, 1, (short) 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      records.add(
          io.mnasnet.cli.snapshot.DriftImagesAccess.record(
              topic, "k-" + i, i, ImageEventFormat.RAW));
    }
    KafkaTestSupport.sendAll(cluster.bootstrapServers(), records);
    Path models =
        io.mnasnet.cli.snapshot.DriftImagesAccess.shippedModelCopy(work.resolve("models"));
    Path run = work.resolve("run");
    CommandRun train =
        CommandRun.of(
            "train",
            "--from-kafka",
            topic,
            "-b",
            cluster.bootstrapServers(),
            "--init-from",
            models.toString(),
            "--train-only",
            "classifier",
            "--epochs",
            "1",
            "--batch-size",
            "32",
            "--val-fraction",
            "0.25",
            "--device",
            "cpu",
            "--quiet",
            "--run-dir",
            run.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();

    boolean killedWhileWriting = false;
    for (int attempt = 1; attempt <= ATTEMPTS && !killedWhileWriting; attempt++) {
      String outcome =
          killWhenStagingAppears(run, models, work.resolve("child-" + attempt + ".log"));
      assertValid(models);
      killedWhileWriting = stagingLeft(models);
      System.out.printf("attempt %d: %s, staging left: %s%n", attempt, outcome, killedWhileWriting);
    }
    assertThat(killedWhileWriting)
        .as("a kill landed while the version was being written aside")
        .isTrue();

    int newest = new ModelDirectory(models).newest().orElseThrow().version();
    CommandRun promote =
        CommandRun.of(
            "promote",
            "--candidate",
            run.toString(),
            "--model-dir",
            models.toString(),
            "--max-regression",
            "100",
            "--device",
            "cpu");
    assertThat(promote.exitCode()).as(promote.toString()).isZero();
    assertThat(stagingLeft(models)).as("the leftover is removed").isFalse();
    assertThat(new ModelDirectory(models).newest().orElseThrow().version()).isEqualTo(newest + 1);
    assertValid(models);
  }

  /** Runs promote in a child JVM and kills it with SIGKILL as soon as it starts writing aside. */
  private static String killWhenStagingAppears(Path run, Path models, Path log) throws Exception {
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      models.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      Process child =
          ChildJvm.start(
              Mnasnet.class,
              List.of(
                  "promote",
                  "--candidate",
                  run.toString(),
                  "--model-dir",
                  models.toString(),
                  "--max-regression",
                  "100",
                  "--device",
                  "cpu"),
              Map.of(),
              log);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (child.isAlive() && System.nanoTime() < deadline) {
          WatchKey key = watcher.poll(50, TimeUnit.MILLISECONDS);
          if (key == null) {
            continue;
          }
          for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context().toString().startsWith(VersionPublisher.STAGING_PREFIX)) {
              child.destroyForcibly(); // SIGKILL
              child.waitFor();
              return "killed when " + event.context() + " appeared";
            }
          }
          key.reset();
        }
        child.waitFor(30, TimeUnit.SECONDS);
        return "exited " + child.exitValue() + " before a staging directory was seen";
      } finally {
        child.destroyForcibly();
      }
    }
  }

  private static boolean stagingLeft(Path models) throws Exception {
    try (Stream<Path> children = Files.list(models)) {
      return children.anyMatch(
          p -> p.getFileName().toString().startsWith(VersionPublisher.STAGING_PREFIX));
    }
  }

  /** Every numbered version complete (its metadata names its number) and the newest loads. */
  private static void assertValid(Path models) throws Exception {
    try (Stream<Path> children = Files.list(models)) {
      for (Path version :
          children.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
        assertThat(version.resolve("saved_model.pb")).isRegularFile();
        assertThat(version.resolve("variables/variables.index")).isRegularFile();
        if (!version.getFileName().toString().equals("1")) {
          assertThat(ModelMetadataFile.read(version).version())
              .isEqualTo(Integer.parseInt(version.getFileName().toString()));
        }
      }
    }
    ModelDirectory.Version newest = new ModelDirectory(models).newest().orElseThrow();
    try (SavedModelClassifier model =
        SavedModelClassifier.load(
            newest.directory(), ResolvedRuntime.cpuOnly(), ImageSizeLimit.DEFAULT)) {
      assertThat(model.numClasses()).isEqualTo(10);
    }
  }
}
