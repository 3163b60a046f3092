package io.mnasnet.trainer.training;

import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ObjectMapperFactory;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A trained model ready to score preprocessed batches, with its labels and preprocessing: either an
 * exported SavedModel directory ({@code saved_model.pb} + {@code mnasnet.json}, called through its
 * {@code images -> logits} signature) or a training run directory (its best epoch's inference
 * checkpoint in a freshly built inference graph). Closes its TensorFlow resources.
 */
public final class TrainedModel implements Evaluator.BatchClassifier, AutoCloseable {

  /** Input key of the normalised-images signature. */
  public static final String IMAGES_INPUT = "images";

  /** Output key of the logits. */
  public static final String LOGITS_OUTPUT = "logits";

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
   * Opens a SavedModel directory or a run directory.
   *
   * @throws IOException if {@code path} is neither, or is incomplete
   */
  public static TrainedModel open(Path path) throws IOException {
    if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      return openSavedModel(path);
    }
    RunDirectory run = new RunDirectory(path);
    if (run.exists()) {
      if (!Files.isRegularFile(run.bestFile())) {
        throw new IOException(
            path + " is a run directory without a finished epoch yet (no best/best.json)");
      }
      return openRun(run);
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

  private static TrainedModel openSavedModel(Path directory) throws IOException {
    Path metadataFile = directory.resolve(ModelMetadata.FILE_NAME);
    if (!Files.isRegularFile(metadataFile)) {
      throw new IOException(
          directory + " has no " + ModelMetadata.FILE_NAME + " (labels and preprocessing)");
    }
    ModelMetadata metadata =
        ObjectMapperFactory.create().readValue(metadataFile.toFile(), ModelMetadata.class);
    SavedModelBundle bundle = SavedModelBundle.load(directory.toString(), "serve");
    try {
      SessionFunction function = bundle.function(metadata.signatures().normalized());
      return new TrainedModel(
          "SavedModel " + directory,
          metadata,
          bundle,
          batch -> {
            try (TFloat32 images = tensor(batch);
                Result result = function.call(Map.of(IMAGES_INPUT, images))) {
              return values((TFloat32) result.get(LOGITS_OUTPUT).orElseThrow());
            }
          });
    } catch (RuntimeException e) {
      bundle.close();
      throw new IOException(
          directory
              + ": no signature '"
              + metadata.signatures().normalized()
              + "' taking '"
              + IMAGES_INPUT
              + "' and returning '"
              + LOGITS_OUTPUT
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private static TrainedModel openRun(RunDirectory run) throws IOException {
    TrainingRun config = run.readRun();
    BestEpoch best = run.readBest();
    Network network = MnasNetB1.network(config.modelConfig(best.labels().size()));
    ModelMetadata metadata =
        new ModelMetadata(
            config.name(),
            1,
            MnasNetB1.ARCHITECTURE,
            config.width(),
            best.labels(),
            switch (config.dataset().kind()) {
              case FASHION_MNIST -> TrainingData.fashionMnistPreprocessing();
              case IMAGE_FOLDER -> TrainingData.imageNetPreprocessing(config.imageSize());
            },
            ModelMetadata.Signatures.DEFAULT);
    InferenceGraph graph = new InferenceGraph(network);
    try {
      graph.restore(run.bestWeightsPrefix());
    } catch (IOException | RuntimeException e) {
      graph.close();
      throw e;
    }
    return new TrainedModel(
        "best epoch (" + best.epoch() + ") of run " + run, metadata, graph, graph::logits);
  }

  private static TFloat32 tensor(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.shape()), DataBuffers.of(batch.images(), true, false));
  }

  private static float[] values(TFloat32 tensor) {
    float[] values = new float[(int) tensor.size()];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }
}
