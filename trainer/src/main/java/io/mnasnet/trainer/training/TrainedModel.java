package io.mnasnet.trainer.training;

import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model ready to score preprocessed batches, with its labels and preprocessing: either an
 * exported model directory ({@code saved_model.pb} + {@code mnasnet.json}, through the engine
 * {@link ModelLoading} picks) or a training run directory (its best epoch's inference checkpoint in
 * a freshly built inference graph). Closes its TensorFlow resources.
 */
public final class TrainedModel implements Evaluator.BatchClassifier, AutoCloseable {

  private final String description;
  private final ModelMetadata metadata;
  private final AutoCloseable resources;
  private final Evaluator.BatchClassifier classifier;

  private TrainedModel(
      String description,
      ModelMetadata metadata,
      AutoCloseable resources,
      Evaluator.BatchClassifier classifier) {
    this.description = description;
    this.metadata = metadata;
    this.resources = resources;
    this.classifier = classifier;
  }

  /**
   * Opens a model directory (with the {@code auto} engine) or a run directory, on {@code runtime}.
   *
   * @throws IOException if {@code path} is neither, or is incomplete
   */
  public static TrainedModel open(Path path, ResolvedRuntime runtime) throws IOException {
    return open(path, EngineChoice.AUTO, runtime);
  }

  /**
   * Opens a model directory with {@code engine}, or a run directory (always TensorFlow: a run holds
   * checkpoints, not an exported model), on {@code runtime}.
   *
   * @throws IOException if {@code path} is neither, or is incomplete
   */
  public static TrainedModel open(Path path, EngineChoice engine, ResolvedRuntime runtime)
      throws IOException {
    if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      return openExported(path, engine, runtime);
    }
    RunDirectory run = new RunDirectory(path);
    if (run.exists()) {
      if (!Files.isRegularFile(run.bestFile())) {
        throw new IOException(
            path + " is a run directory without a finished epoch yet (no best/best.json)");
      }
      return openRun(run, runtime);
    }
    throw new IOException(
        path
            + " is neither an exported model (saved_model.pb + mnasnet.json) nor a training run"
            + " directory (run.json)");
  }

  /** What was loaded, for messages. */
  public String description() {
    return description;
  }

  /** The model's metadata (labels, preprocessing). */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Class names, index = label. */
  public List<String> labels() {
    return metadata.labels();
  }

  @Override
  public float[] logits(Batch batch) {
    return classifier.logits(batch);
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not release the model's TensorFlow resources", e);
    }
  }

  private static TrainedModel openExported(
      Path directory, EngineChoice engine, ResolvedRuntime runtime) throws IOException {
    ModelLoading.Loaded loaded =
        ModelLoading.load(directory, engine, runtime, ImageSizeLimit.DEFAULT);
    LoadedModel classifier = loaded.model();
    return new TrainedModel(
        "model "
            + directory
            + " ("
            + loaded.selection().engine()
            + ": "
            + loaded.selection().reason()
            + ")",
        classifier.metadata(),
        classifier,
        batch -> flatten(classifier.logits(batch.images(), batch.size())));
  }

  private static float[] flatten(float[][] rows) {
    int width = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }

  private static TrainedModel openRun(RunDirectory run, ResolvedRuntime runtime)
      throws IOException {
    BestEpoch best = run.readBest();
    Network network = RunExport.network(run);
    ModelMetadata metadata = RunExport.metadata(run, null, 1);
    InferenceGraph graph = new InferenceGraph(network, runtime);
    try {
      graph.restore(run.bestWeightsPrefix());
    } catch (IOException | RuntimeException e) {
      graph.close();
      throw e;
    }
    return new TrainedModel(
        "best epoch (" + best.epoch() + ") of run " + run, metadata, graph, graph::logits);
  }
}
