package io.mnasnet.cli.snapshot;

import io.mnasnet.cli.StopSignal;
import io.mnasnet.cli.kafka.KafkaClientOptions;
import io.mnasnet.trainer.snapshot.SnapshotCacheWriter;
import io.mnasnet.trainer.snapshot.SnapshotManifest;
import io.mnasnet.trainer.snapshot.SnapshotRequest;
import io.mnasnet.trainer.snapshot.StreamSnapshotSource;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kafka topics as the stream {@code bin/mnasnet train} learns from: the options {@code
 * --from-kafka}, {@code --from}, {@code --val-from-kafka} and the Kafka client settings every
 * command shares ({@link KafkaClientOptions}), joined to the train command as a picocli mixin, and
 * the bounded snapshot they describe, read by {@link KafkaSnapshotReader}.
 */
public final class KafkaSnapshotSource implements StreamSnapshotSource {

  @Option(
      names = "--from-kafka",
      paramLabel = "TOPIC",
      split = ",",
      description =
          "Train on a bounded snapshot of these topics instead of files: for each partition the"
              + " records from --from to the end offset read when the run starts"
              + " (read_committed), images in either format of the event contract, the class from"
              + " attr.label / attributes.label (a class name or index). Read once into"
              + " RUN_DIR/snapshot/ (images at the input size); --resume reuses it. Records"
              + " without a label, with an unknown label or an undecodable image are skipped and"
              + " counted by reason. Validation: --val-fraction of the records by a hash of their"
              + " key (the same image always lands in the same split), or --val-from-kafka.")
  private List<String> topics;

  @Option(
      names = "--from",
      paramLabel = "POSITION",
      defaultValue = "earliest",
      description =
          "With --from-kafka: where each partition's snapshot starts: " + SnapshotStart.FORMS + ".")
  private String from;

  @Option(
      names = "--val-from-kafka",
      paramLabel = "TOPIC",
      split = ",",
      description =
          "With --from-kafka: hold out these topics' records for validation (and the promotion"
              + " gate) instead of a key-hash share of the training topics.")
  private List<String> validationTopics;

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description =
          "With --from-kafka: a consumer group that remembers what was learnt: once the run has"
              + " finished (and been promoted, with --promote-to), the snapshot's end offsets are"
              + " committed for it, and --from committed starts there next time, so a scheduled"
              + " retrain reads only what arrived since. Needs READ on the group. Default: no"
              + " group (partitions are assigned, nothing is committed).")
  private String group;

  @Option(
      names = "--read-threads",
      paramLabel = "N",
      description =
          "With --from-kafka: threads decoding the snapshot's images (default: one per core).")
  private Integer readThreads;

  @Mixin private KafkaClientOptions kafka;

  @Override
  public boolean requested() {
    return topics != null && !topics.isEmpty();
  }

  @Override
  public String name() {
    return topics.get(0);
  }

  @Override
  public SnapshotManifest read(SnapshotRequest request, PrintStream console) throws IOException {
    KafkaSnapshotReader.Plan plan = plan(request.validationFraction());
    try (StopSignal stop = StopSignal.install();
        SnapshotCacheWriter writer =
            SnapshotCacheWriter.create(
                request.cacheDirectory(), request.preprocessing(), request.classes())) {
      return new KafkaSnapshotReader(kafka.settings(), console, stop::isRequested)
          .read(plan, writer, SnapshotCacheWriter.Purpose.TRAINING);
    }
  }

  @Override
  public void runSucceeded(SnapshotManifest manifest, PrintStream console) {
    if (group != null) {
      new KafkaSnapshotReader(kafka.settings(), console, () -> false).commit(group, manifest);
    }
  }

  private KafkaSnapshotReader.Plan plan(double validationFraction) {
    List<String> heldOut = validationTopics == null ? List.of() : validationTopics;
    List<String> both = new ArrayList<>(topics);
    both.retainAll(heldOut);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException(
          "topic " + both + " is named by both --from-kafka and --val-from-kafka");
    }
    int threads = readThreads != null ? readThreads : Runtime.getRuntime().availableProcessors();
    if (threads < 1) {
      throw new IllegalArgumentException("--read-threads must be >= 1, got " + threads);
    }
    return new KafkaSnapshotReader.Plan(
        topics,
        heldOut,
        SnapshotStart.parse(from, Clock.systemUTC()),
        validationFraction,
        group,
        threads);
  }
}
