package io.mnasnet.inference.engine;

import io.mnasnet.schemas.ModelMetadata;
import java.util.List;

/**
 * One model version loaded into one {@link Engine}, ready to classify: what {@code predict}, {@code
 * evaluate}, {@code promote}, the benchmarks and the streaming app call, whichever engine runs it.
 * Batching, metrics and hot reload live above this interface; each engine is a small class that
 * loads, runs and closes.
 *
 * <p>Safe to call from several threads at once. Calls after {@link #close()} fail with {@link
 * IllegalStateException}; {@code close} waits for running calls to finish and frees the engine's
 * native objects.
 *
 * <pre>{@code
 * try (LoadedModel model =
 *     ModelLoading.load(dir, EngineChoice.AUTO, runtime, ImageSizeLimit.DEFAULT).model()) {
 *   List<Classification> results = model.classifyEncoded(List.of(pngBytes));
 * }
 * }</pre>
 */
public interface LoadedModel extends AutoCloseable {

  /** The engine computing this model. */
  Engine engine();

  /** The model's metadata ({@code mnasnet.json}): labels and preprocessing. */
  ModelMetadata metadata();

  /** Side of the square input. */
  default int imageSize() {
    return metadata().preprocessing().imageSize();
  }

  /** Number of classes (logits per image). */
  default int numClasses() {
    return metadata().numClasses();
  }

  /**
   * Logits of {@code n} already preprocessed images.
   *
   * @param nhwcBatch {@code n * S * S * 3} floats, NHWC, normalised as the metadata says
   * @return {@code [n][classes]}
   */
  float[][] logits(float[] nhwcBatch, int n);

  /** Predictions for {@code n} already preprocessed images (see {@link #logits}). */
  List<Prediction> predict(float[] nhwcBatch, int n);

  /**
   * Predictions for {@code n} images whose pixels {@code pixels} writes, each batch part preparing
   * its own images on its own thread: decoding and preprocessing in Java run in parallel like the
   * model.
   */
  List<Prediction> predict(int n, PixelWriter pixels);

  /**
   * Decodes, preprocesses (as the metadata says) and classifies PNG/JPEG images. An image that is
   * not a PNG or JPEG, that the size limit the model was loaded with refuses (judged from its
   * header, before decoding), or that cannot be decoded yields a failed {@link Classification}
   * without failing the others.
   */
  List<Classification> classifyEncoded(List<byte[]> images);

  /** Frees the engine's native objects, after running calls have finished. */
  @Override
  void close();

  /** Writes one image's preprocessed pixels into a batch array. Must be thread-safe. */
  @FunctionalInterface
  interface PixelWriter {
    /**
     * Writes image {@code image} of the batch as entry {@code slot} of {@code nhwc} ({@code S * S *
     * 3} floats from {@code slot * S * S * 3}), normalised as the metadata says.
     */
    void write(int image, float[] nhwc, int slot);
  }
}
