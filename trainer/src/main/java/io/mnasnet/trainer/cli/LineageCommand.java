package io.mnasnet.trainer.cli;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.schemas.JsonSerde;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.promote.CandidateRun;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import io.mnasnet.trainer.training.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet lineage}: where a model version came from, from its {@code mnasnet.json}: the run,
 * the version it was fine-tuned from (followed back as far as the files go), and the Kafka records
 * it learnt from, with the commands that read exactly those records again. Reads files only.
 */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Print where a model version came from: the training run, which layers it trained, the"
          + " model version it was fine-tuned from (and that one's lineage, as far back as the"
          + " files go), and, for a model trained with train --from-kafka, the Kafka snapshot: the"
          + " cluster id, every partition's offsets [start, end), how records were split into"
          + " training and validation, how many were used and skipped by reason, and commands"
          + " that read exactly those records again.",
      "",
      "From a prediction to its training records: a prediction names its model and version"
          + " (model.name, model.version); run this on that version's directory of the model"
          + " directory the app serves (e.g. models/fashion-mnist/mnasnet0_5/2). A promoted"
          + " version also keeps the run's list of every record it read, with what became of it,"
          + " in training/records.csv."
    },
    footer = {
      "",
      "Examples:",
      "  bin/mnasnet lineage models/fashion-mnist/mnasnet0_5      # the newest version",
      "  bin/mnasnet lineage models/fashion-mnist/mnasnet0_5/2 --json | jq .snapshot.partitions",
      "  bin/mnasnet lineage runs/drift-1                          # a run's exported model"
    })
public final class LineageCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      description =
          "A model version directory, a model directory (its newest version) or a training run"
              + " directory (its exported model).")
  private Path path;

  @Option(names = "--json", description = "Print the lineage as JSON (the mnasnet.json field).")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path version = versionDirectory(path);
      ModelMetadata metadata = ModelMetadataFile.read(version);
      if (json) {
        out.println(
            metadata.lineage() == null
                ? "null"
                : new String(
                    JsonSerde.of(ModelLineage.class).write(metadata.lineage()),
                    StandardCharsets.UTF_8));
        return 0;
      }
      print(out, version, metadata, new HashSet<>(), "");
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("mnasnet lineage: " + e.getMessage());
      return 1;
    }
  }

  private static Path versionDirectory(Path path) throws IOException {
    if (ModelDirectory.isSavedModel(path)) {
      return path;
    }
    if (new RunDirectory(path).exists() && ModelDirectory.isSavedModel(path.resolve("model"))) {
      return path.resolve("model");
    }
    ModelDirectory models = new ModelDirectory(path);
    return models
        .newest()
        .map(ModelDirectory.Version::directory)
        .orElseThrow(
            () ->
                new IOException(
                    path + " is no model version, model directory or run directory with a model"));
  }

  private void print(
      PrintWriter out, Path version, ModelMetadata metadata, Set<Path> seen, String indent)
      throws IOException {
    out.printf(
        "%sModel %s version %d (%s)%n", indent, metadata.name(), metadata.version(), version);
    ModelLineage lineage = metadata.lineage();
    if (lineage == null) {
      out.println(indent + "  no lineage recorded (exported before lineage existed, or imported)");
      return;
    }
    out.printf(
        "%s  trained by run %s (%s layers)%n",
        indent,
        lineage.run(),
        ModelLineage.TRAIN_CLASSIFIER.equals(lineage.trainOnly())
            ? "classifier only: frozen"
            : "all");
    ModelLineage.StreamSnapshot snapshot = lineage.snapshot();
    if (snapshot == null) {
      out.println(indent + "  on files (no Kafka snapshot)");
    } else {
      printSnapshot(out, version, snapshot, indent + "  ");
    }
    ModelLineage.Parent parent = lineage.parent();
    if (parent == null) {
      out.println(indent + "  from no model version (random or other weights)");
      return;
    }
    out.printf(
        "%s  fine-tuned from %s version %d (%s)%n",
        indent, parent.name(), parent.version(), parent.directory());
    Path parentDir = Path.of(parent.directory());
    if (seen.add(version.toAbsolutePath().normalize())
        && ModelDirectory.isSavedModel(parentDir)
        && !seen.contains(parentDir.toAbsolutePath().normalize())) {
      print(out, parentDir, ModelMetadataFile.read(parentDir), seen, indent + "    ");
    }
  }

  private static void printSnapshot(
      PrintWriter out, Path version, ModelLineage.StreamSnapshot snapshot, String indent) {
    out.printf(
        "%son a Kafka snapshot of cluster %s (%s), taken %s, read_committed, from %s%s:%n",
        indent,
        snapshot.clusterId(),
        snapshot.bootstrapServers(),
        Instant.ofEpochMilli(snapshot.takenAtMs()),
        snapshot.from(),
        snapshot.group() == null ? "" : " (group " + snapshot.group() + ")");
    for (ModelLineage.PartitionRange range : snapshot.partitions()) {
      out.printf(
          "%s  %s-%d [%d, %d)%n",
          indent, range.topic(), range.partition(), range.start(), range.end());
    }
    ModelLineage.Records records = snapshot.records();
    ModelLineage.Split split = snapshot.split();
    out.printf(
        "%srecords: %d read, %d trained, %d held out (%s)%s%n",
        indent,
        records.read(),
        records.train(),
        records.validation(),
        ModelLineage.Split.KEY_HASH.equals(split.method())
            ? "key-hash: top 53 bits of SHA-256(key) < " + split.fraction() + " x 2^53"
            : "topics " + String.join(", ", split.validationTopics()),
        records.skipped().isEmpty() ? "" : "; skipped: " + describe(records.skipped()));
    out.printf("%straining records per class: %s%n", indent, describe(records.perClass()));
    Path list = version.resolve(CandidateRun.TRAINING_DIRECTORY).resolve(SnapshotCache.RECORDS);
    if (Files.isRegularFile(list)) {
      out.printf(
          "%severy record and its use (train, validation, skipped: reason): %s%n", indent, list);
    }
    out.printf("%sread them again (each range, committed records only):%n", indent);
    for (ModelLineage.PartitionRange range : snapshot.partitions()) {
      if (range.end() > range.start()) {
        out.printf(
            "%s  kafka-console-consumer.sh --bootstrap-server %s --topic %s --partition %d"
                + " --offset %d --max-messages %d --isolation-level read_committed"
                + " --property print.key=true --property print.headers=true%n",
            indent,
            snapshot.bootstrapServers(),
            range.topic(),
            range.partition(),
            range.start(),
            range.end() - range.start());
      }
    }
  }

  private static String describe(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
