package io.mnasnet.trainer.promote;

import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.trainer.runlog.JsonLinesLog;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import io.mnasnet.trainer.snapshot.SnapshotManifest;
import io.mnasnet.trainer.training.RunDirectory;
import io.mnasnet.trainer.training.TrainingData;
import io.mnasnet.trainer.training.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished training run offered for promotion: its exported model ({@code RUN_DIR/model}), the
 * held-out images of its own data (for a run from Kafka, the original bytes of the key-hash
 * validation split of its snapshot), and the files a promoted version keeps under {@code training/}
 * so it carries the records that made it.
 */
public final class CandidateRun {
  /** Where a promoted version keeps its run's records. */
  public static final String TRAINING_DIRECTORY = "training";

  private final RunDirectory run;

  private CandidateRun(RunDirectory run) {
    this.run = run;
  }

  /**
   * The run in {@code directory}.
   *
   * @throws IOException when it is no run directory or has exported no model yet
   */
  public static CandidateRun open(Path directory) throws IOException {
    RunDirectory run = new RunDirectory(directory);
    if (!run.exists()) {
      throw new NoSuchFileException(
          run.runFile().toString(), null, "not a training run directory (no run.json)");
    }
    if (!ModelDirectory.isSavedModel(run.model())) {
      throw new NoSuchFileException(
          run.model().toString(),
          null,
          "the run has exported no model yet (it finishes an epoch first)");
    }
    return new CandidateRun(run);
  }

  /** The exported model. */
  public Path model() {
    return run.model();
  }

  public RunDirectory directory() {
    return run;
  }

  /** The run's validation images as encoded bytes, with their class names. */
  public HeldOutImages heldOut() throws IOException {
    TrainingRun config = run.readRun();
    TrainingData data =
        TrainingData.open(config.dataset(), config.imageSize(), config.recipe().seed());
    String what =
        switch (config.dataset().kind()) {
          case STREAM_SNAPSHOT -> describe(SnapshotCache.readManifest(config.dataset().dataDir()));
          case FASHION_MNIST, IMAGE_FOLDER ->
              "validation images of the run (" + config.dataset().dataDir() + ", encoded as PNG)";
        };
    return HeldOutImages.encodingAsPng(data.validation(), data.classNames(), what);
  }

  private static String describe(SnapshotManifest manifest) {
    ModelLineage.Split split = manifest.snapshot().split();
    return "held-out records of the run's Kafka snapshot ("
        + (ModelLineage.Split.KEY_HASH.equals(split.method())
            ? "the key-hash validation split, " + Math.round(100 * split.fraction()) + "%"
            : "the records of " + String.join(", ", split.validationTopics()))
        + "), as they were on the topic";
  }

  /** The run's records a promoted version keeps, by their path inside the version. */
  public Map<String, Path> trainingFiles() {
    Map<String, Path> files = new LinkedHashMap<>();
    keep(files, RunDirectory.RUN_FILE, run.runFile());
    keep(files, RunDirectory.BEST_FILE, run.bestFile());
    keep(files, JsonLinesLog.FILE_NAME, run.root().resolve(JsonLinesLog.FILE_NAME));
    Path snapshot = run.root().resolve(SnapshotCache.DIRECTORY);
    keep(files, "snapshot-" + SnapshotCache.MANIFEST, snapshot.resolve(SnapshotCache.MANIFEST));
    keep(files, SnapshotCache.RECORDS, snapshot.resolve(SnapshotCache.RECORDS));
    return files;
  }

  private static void keep(Map<String, Path> files, String name, Path file) {
    if (Files.isRegularFile(file)) {
      files.put(TRAINING_DIRECTORY + "/" + name, file);
    }
  }
}
