package io.mnasnet.cli.snapshot;

import io.mnasnet.cli.StopSignal;
import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.trainer.promote.HeldOutImages;
import io.mnasnet.trainer.snapshot.ClassLabels;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import io.mnasnet.trainer.snapshot.SnapshotCacheWriter;
import io.mnasnet.trainer.snapshot.SnapshotManifest;
import io.mnasnet.trainer.training.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every labelled record of some topics, as held-out images for the promotion gate ({@code promote
 * --eval-from-kafka}): a bounded snapshot read into a temporary cache that keeps each record's
 * original bytes, deleted on {@link #close()}.
 */
public final class KafkaHeldOut implements AutoCloseable {
  private final Path directory;
  private final HeldOutImages images;

  private KafkaHeldOut(Path directory, HeldOutImages images) {
    this.directory = directory;
    this.images = images;
  }

  /**
   * Reads {@code topics} from {@code from} to their end offsets.
   *
   * @param classes the candidate's classes: a record's label must name one of them
   */
  public static KafkaHeldOut read(
      KafkaClientSettings settings,
      List<String> topics,
      String from,
      List<String> classes,
      PrintStream console)
      throws IOException {
    Path directory = Files.createTempDirectory("mnasnet-eval-snapshot-");
    try (StopSignal stop = StopSignal.install();
        SnapshotCacheWriter writer =
            SnapshotCacheWriter.create(
                directory.resolve(SnapshotCache.DIRECTORY),
                // only the originals are scored; the cached pixels just need some size
                TrainingData.fashionMnistPreprocessing(),
                ClassLabels.of(classes))) {
      KafkaSnapshotReader.Plan plan =
          new KafkaSnapshotReader.Plan(
              List.<String>of(),
              topics,
              SnapshotStart.parse(from, Clock.systemUTC()),
              0.5,
              null,
              Runtime.getRuntime().availableProcessors());
      SnapshotManifest manifest =
          new KafkaSnapshotReader(settings, console, stop::isRequested)
              .read(plan, writer, SnapshotCacheWriter.Purpose.EVALUATION);
      SnapshotCache cache = SnapshotCache.open(directory.resolve(SnapshotCache.DIRECTORY));
      String description =
          "labelled records of "
              + manifest.snapshot().partitions().stream()
                  .map(
                      r ->
                          r.topic() + "-" + r.partition() + " [" + r.start() + ", " + r.end() + ")")
                  .collect(Collectors.joining(", "))
              + " (--eval-from-kafka)";
      return new KafkaHeldOut(
          directory, HeldOutImages.of(cache.validation(), manifest.labels(), description));
    } catch (IOException | RuntimeException e) {
      delete(directory);
      throw e;
    }
  }

  public HeldOutImages images() {
    return images;
  }

  @Override
  public void close() throws IOException {
    delete(directory);
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
