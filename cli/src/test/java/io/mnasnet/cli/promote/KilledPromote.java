package io.mnasnet.cli.promote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.Mnasnet;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.inference.versions.VersionPublisher;
import io.mnasnet.streams.ChildJvm;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bin/mnasnet promote} in a child JVM, killed with SIGKILL the moment its staging directory
 * appears in the model directory (inotify), and the checks that the model directory is valid
 * afterwards: what a crash of the promoting process at the worst moment leaves.
 */
public final class KilledPromote {
  private KilledPromote() {}

  /**
   * Runs {@code promote --candidate run --model-dir models} in a child JVM and kills it as soon as
   * it starts writing aside.
   *
   * @return what happened, for the test's output
   */
  public static String killWhenStagingAppears(Path run, Path models, Path log) throws Exception {
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

  /** Whether a killed promote left its staging directory behind. */
  public static boolean stagingLeft(Path models) throws Exception {
    try (Stream<Path> children = Files.list(models)) {
      return children.anyMatch(
          p -> p.getFileName().toString().startsWith(VersionPublisher.STAGING_PREFIX));
    }
  }

  /** Bytes of the files under {@code dir}. */
  public static long bytesUnder(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** The bytes left aside by a killed promote (0 if nothing). */
  public static long bytesLeftAside(Path models) throws Exception {
    try (Stream<Path> children = Files.list(models)) {
      Path staging =
          children
              .filter(p -> p.getFileName().toString().startsWith(VersionPublisher.STAGING_PREFIX))
              .findFirst()
              .orElse(null);
      return staging == null ? 0 : bytesUnder(staging);
    }
  }

  /** Every numbered version complete (its metadata names its number) and the newest loads. */
  public static void assertValid(Path models) throws Exception {
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
