package io.mnasnet.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * The training checkpoints of a run directory ({@code RUN_DIR/checkpoints}): {@code Session.save}
 * files {@code ckpt-STEP.index} and {@code ckpt-STEP.data-*} holding every variable of the training
 * graph (weights, BatchNorm moving statistics, optimizer slots, moving average), and {@code
 * latest.json}, the {@link TrainingState} of the newest one.
 *
 * <p>{@code latest.json} is replaced atomically after the checkpoint files are complete, so a run
 * killed while saving resumes from the previous checkpoint. The newest {@value #KEEP} checkpoints
 * are kept.
 */
public final class Checkpoints {

  /** Checkpoints kept on disk. */
  public static final int KEEP = 2;

  private static final String PREFIX = "ckpt-";

  private final Path directory;

  public Checkpoints(Path directory) {
    this.directory = directory;
  }

  /** The state of the newest complete checkpoint, if any. */
  public Optional<TrainingState> latest() throws IOException {
    Path file = directory.resolve(RunDirectory.LATEST_STATE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(TrainingJson.read(file, TrainingState.class));
  }

  /**
   * Saves every variable of {@code session}'s graph and records {@code state} as the newest
   * checkpoint; returns {@code state} with its checkpoint prefix.
   */
  public TrainingState save(Session session, TrainingState state) throws IOException {
    Files.createDirectories(directory);
    String prefix = PREFIX + state.globalStep();
    session.save(directory.resolve(prefix).toString());
    TrainingState saved = state.withCheckpoint(prefix);
    TrainingJson.write(directory.resolve(RunDirectory.LATEST_STATE), saved);
    deleteAllBut(prefix);
    return saved;
  }

  /** Restores the variables of {@code session}'s graph from the checkpoint of {@code state}. */
  public void restore(Session session, TrainingState state) throws IOException {
    Path prefix = directory.resolve(state.checkpoint());
    if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
      throw new IOException(
          "checkpoint "
              + prefix
              + ".index named by "
              + RunDirectory.LATEST_STATE
              + " is missing; the run directory is incomplete");
    }
    session.restore(prefix.toString());
  }

  /** Deletes older checkpoints beyond the newest {@value #KEEP} (the newest is {@code current}). */
  private void deleteAllBut(String current) throws IOException {
    List<Long> steps = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith(PREFIX) && name.endsWith(".index"))
          .map(name -> name.substring(PREFIX.length(), name.length() - ".index".length()))
          .forEach(
              step -> {
                try {
                  steps.add(Long.parseLong(step));
                } catch (NumberFormatException e) {
                  // not ours
                }
              });
    }
    steps.sort(Long::compare);
    long currentStep = Long.parseLong(current.substring(PREFIX.length()));
    List<Long> keep = new ArrayList<>();
    keep.add(currentStep);
    for (int i = steps.size() - 1; i >= 0 && keep.size() < KEEP; i--) {
      if (steps.get(i) != currentStep) {
        keep.add(steps.get(i));
      }
    }
    for (long step : steps) {
      if (!keep.contains(step)) {
        deleteCheckpoint(PREFIX + step);
      }
    }
  }

  private void deleteCheckpoint(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.equals(prefix + ".index") || name.startsWith(prefix + ".data-")) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
