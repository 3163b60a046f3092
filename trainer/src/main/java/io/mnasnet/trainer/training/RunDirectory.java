package io.mnasnet.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The layout of a run directory:
 *
 * <pre>
 * RUN_DIR/
 *   run.json                      the run's configuration ({@link TrainingRun}), for --resume
 *   log.jsonl                     step and epoch records (JsonLinesLog)
 *   events.out.tfevents.*         the same scalars for TensorBoard (one file per session)
 *   loss.png accuracy.png learning-rate.png   plots, redrawn every epoch
 *   checkpoints/ckpt-STEP.*       training checkpoints (weights, moving statistics, optimizer
 *                                 slots, moving average); the last two are kept
 *   checkpoints/latest.json       the {@link TrainingState} of the newest checkpoint
 *   best/                         the best epoch by validation top-1: an inference checkpoint
 *                                 (weights.*) and best.json
 *   model/                        the best epoch exported as a SavedModel with mnasnet.json
 * </pre>
 */
public final class RunDirectory {

  /** The run configuration file. */
  public static final String RUN_FILE = "run.json";

  /** Training checkpoints. */
  public static final String CHECKPOINTS = "checkpoints";

  /** State of the newest checkpoint. */
  public static final String LATEST_STATE = "latest.json";

  /** Best epoch's inference weights. */
  public static final String BEST = "best";

  /** Summary of the best epoch. */
  public static final String BEST_FILE = "best.json";

  /** File prefix of the best epoch's inference checkpoint inside {@link #BEST}. */
  public static final String BEST_WEIGHTS = "weights";

  /** The exported SavedModel of the best epoch. */
  public static final String MODEL = "model";

  private final Path root;

  public RunDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path runFile() {
    return root.resolve(RUN_FILE);
  }

  public Path checkpoints() {
    return root.resolve(CHECKPOINTS);
  }

  public Path best() {
    return root.resolve(BEST);
  }

  /** Prefix of the best epoch's inference checkpoint ({@code best/weights}). */
  public Path bestWeightsPrefix() {
    return best().resolve(BEST_WEIGHTS);
  }

  public Path bestFile() {
    return best().resolve(BEST_FILE);
  }

  public Path model() {
    return root.resolve(MODEL);
  }

  /** Whether a run was started here. */
  public boolean exists() {
    return Files.isRegularFile(runFile());
  }

  /** Reads {@code run.json}. */
  public TrainingRun readRun() throws IOException {
    if (!exists()) {
      throw new NoSuchFileException(
          runFile().toString(), null, "not a run directory (no " + RUN_FILE + ")");
    }
    return TrainingJson.read(runFile(), TrainingRun.class);
  }

  /** Writes {@code run.json}, creating the directory. */
  public void writeRun(TrainingRun run) throws IOException {
    Files.createDirectories(root);
    TrainingJson.write(runFile(), run);
  }

  /** Reads {@code best/best.json}. */
  public BestEpoch readBest() throws IOException {
    return TrainingJson.read(bestFile(), BestEpoch.class);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
