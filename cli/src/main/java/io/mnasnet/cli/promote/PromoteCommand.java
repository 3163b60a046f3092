package io.mnasnet.cli.promote;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.cli.kafka.KafkaClientOptions;
import io.mnasnet.cli.snapshot.KafkaHeldOut;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.trainer.cli.EngineOptionMixin;
import io.mnasnet.trainer.cli.RuntimeOptionsMixin;
import io.mnasnet.trainer.promote.CandidateRun;
import io.mnasnet.trainer.promote.HeldOutEvaluation;
import io.mnasnet.trainer.promote.HeldOutImages;
import io.mnasnet.trainer.promote.PromotionGate;
import io.mnasnet.trainer.promote.PromotionResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet promote}: the promotion gate. Scores a candidate run's model and the version a
 * model directory serves on the same held-out records, prints them side by side, and writes the
 * candidate as the next version only when it is not worse by more than {@code --max-regression}:
 * atomically, so the streaming app's hot reload never sees half of it. Reads the run directory (and
 * the topics of {@code --eval-from-kafka}); writes the model directory; needs TensorFlow's native
 * library (or ONNX Runtime for versions with {@code model.onnx}).
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Promote a trained model only if it is better: score the candidate (the exported best epoch"
          + " of a run directory) and the version the model directory serves now on the same"
          + " held-out records, through each model's own decoding and preprocessing (as the"
          + " streaming app would run them), print top-1, top-5 and per-class top-1 side by side,"
          + " and write the candidate as the next version only when its top-1 is at most"
          + " --max-regression points below the served version's.",
      "",
      "Held-out records: for a run trained with --from-kafka, the original bytes of its"
          + " snapshot's validation split (by a hash of the record key, or --val-from-kafka); for"
          + " a run on files, its validation images; or any topic with --eval-from-kafka.",
      "",
      "The new version is written aside (DIR/.promote-N-*, a name the app ignores), flushed to"
          + " disk, then renamed to DIR/N in one step: a kill -9 at any moment leaves DIR with"
          + " the versions it had, or with N complete; the next promote removes what was left"
          + " aside. The version keeps the run's records under N/training/ (run.json, log,"
          + " snapshot manifest, records.csv) and its lineage in N/mnasnet.json (bin/mnasnet"
          + " lineage DIR/N). A running app loads it at its next model poll.",
      "",
      "Exit code: 0 promoted (or would be, with --dry-run), 3 refused, 1 error, 2 usage."
    },
    footer = {
      "",
      "Examples:",
      "  bin/mnasnet promote --candidate runs/drift-1 --model-dir models/fashion-mnist/mnasnet0_5",
      "  bin/mnasnet promote --candidate runs/drift-1 --model-dir models/fm --max-regression 0.5"
          + " --dry-run",
      "  bin/mnasnet promote --candidate runs/drift-1 --model-dir models/fm --eval-from-kafka"
          + " images-holdout",
      "",
      KafkaClientOptions.PRECEDENCE_HELP
    })
public final class PromoteCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "RUN_DIR",
      description =
          "The training run whose exported model (RUN_DIR/model) may become the next version.")
  private Path candidate;

  @Option(
      names = "--model-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "The model directory the streaming app serves (numbered versions 1/, 2/, ...; created"
              + " if it does not exist, and the candidate becomes version 1).")
  private Path modelDir;

  @Option(
      names = "--max-regression",
      paramLabel = "POINTS",
      defaultValue = "" + PromotionGate.Settings.DEFAULT_MAX_REGRESSION_POINTS,
      description =
          "Top-1 percentage points the candidate may lose against the served version and still"
              + " be promoted (default: ${DEFAULT-VALUE}: not worse).")
  private double maxRegression;

  @Option(names = "--dry-run", description = "Score and decide, write nothing.")
  private boolean dryRun;

  @Option(
      names = "--eval-from-kafka",
      paramLabel = "TOPIC",
      split = ",",
      description =
          "Score both models on every labelled record of these topics (a bounded snapshot, from"
              + " --from to the end offsets at start, read_committed) instead of the run's"
              + " held-out records.")
  private List<String> evalTopics;

  @Option(
      names = "--from",
      paramLabel = "POSITION",
      defaultValue = "earliest",
      description =
          "With --eval-from-kafka: where each partition starts, as train --from takes it"
              + " (earliest, a time, an age such as 24h, or offsets). Default: ${DEFAULT-VALUE}.")
  private String from;

  @Mixin private EngineOptionMixin engine;

  @Mixin private RuntimeOptionsMixin runtime;

  @Mixin private KafkaClientOptions kafka;

  @Override
  public Integer call() {
    if (!(maxRegression >= 0 && maxRegression <= 100)) {
      throw new ParameterException(
          spec.commandLine(), "--max-regression is in percentage points, 0..100");
    }
    try {
      CandidateRun run = CandidateRun.open(candidate);
      PromotionGate gate =
          new PromotionGate(
              new PromotionGate.Settings(
                  maxRegression, dryRun, engine.engine(), HeldOutEvaluation.DEFAULT_BATCH_SIZE),
              runtime.toOptions().resolve(),
              System.out);
      ModelDirectory models = new ModelDirectory(modelDir);
      PromotionResult result;
      if (evalTopics != null && !evalTopics.isEmpty()) {
        List<String> classes = ModelMetadataFile.read(run.model()).labels();
        try (KafkaHeldOut heldOut =
            KafkaHeldOut.read(kafka.settings(), evalTopics, from, classes, System.out)) {
          result = gate.run(run.model(), run.trainingFiles(), models, heldOut.images());
        }
      } else {
        HeldOutImages heldOut = run.heldOut();
        result = gate.run(run.model(), run.trainingFiles(), models, heldOut);
      }
      return result.exitCode();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }
}
