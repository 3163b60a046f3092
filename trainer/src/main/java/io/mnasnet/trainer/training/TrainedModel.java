package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model ready to score preprocessed batches, with its labels and preprocessing: either an
 * exported SavedModel directory ({@code saved_model.pb} + {@code mnasnet.json}, through {@link
 * SavedModelClassifier}) or a training run directory (its best epoch's inference checkpoint in a
 * freshly built inference graph). Closes its TensorFlow resources.
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
   * Opens a SavedModel directory or a run directory, its Session made by {@code runtime}.
   *
   * @throws IOException if {@code path} is neither, or is incomplete
   */
  public static TrainedModel open(Path path, ResolvedRuntime runtime) throws IOException {
    if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      return openSavedModel(path, runtime);
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

  private static TrainedModel openSavedModel(Path directory, ResolvedRuntime runtime)
      throws IOException {
    SavedModelClassifier classifier = SavedModelClassifier.load(directory, runtime);
    return new TrainedModel(
        "SavedModel " + directory,
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
