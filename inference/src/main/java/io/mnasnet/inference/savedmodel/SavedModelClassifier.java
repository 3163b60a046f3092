package io.mnasnet.inference.savedmodel;

import static io.mnasnet.inference.savedmodel.ServingContract.ENCODED_IMAGES;
import static io.mnasnet.inference.savedmodel.ServingContract.IMAGES;
import static io.mnasnet.inference.savedmodel.ServingContract.LOGITS;
import static io.mnasnet.inference.savedmodel.ServingContract.PROBABILITIES;

import io.mnasnet.inference.engine.BatchShards;
import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.Prediction;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.schemas.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The TensorFlow engine: a model directory written by the trainer's exporter, loaded for inference:
 * its {@link ModelMetadata} and its two signatures, callable from any number of threads (one
 * TensorFlow Session serves concurrent calls). The GPU path, and the CPU path for versions without
 * {@code model.onnx}.
 *
 * <pre>{@code
 * try (SavedModelClassifier model = SavedModelClassifier.load(dir)) {
 *   List<Classification> results = model.classifyEncoded(List.of(pngBytes));
 * }
 * }</pre>
 *
 * <p>Reads {@code dir/saved_model.pb}, {@code dir/variables/} and {@code dir/mnasnet.json}. Close
 * it to free the native Session; calls after {@link #close()} fail with {@link
 * IllegalStateException}, and {@code close} waits for running calls to finish.
 */
public final class SavedModelClassifier implements LoadedModel {

  private final Path dir;
  private final ModelMetadata metadata;
  private final SavedModelBundle bundle;
  private final SessionFunction normalized;
  private final SessionFunction encoded;
  private final ImageSizeLimit sizeLimit;
  private final BatchShards shards;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private SavedModelClassifier(
      Path dir,
      ModelMetadata metadata,
      SavedModelBundle bundle,
      SessionFunction normalized,
      SessionFunction encoded,
      int shards,
      ImageSizeLimit sizeLimit) {
    this.dir = dir;
    this.shards = new BatchShards(shards, "mnasnet-inference-" + dir.getFileName());
    this.metadata = metadata;
    this.bundle = bundle;
    this.normalized = normalized;
    this.encoded = encoded;
    this.sizeLimit = sizeLimit;
  }

  /**
   * Loads {@code dir} with default runtime options (GPU if visible, else CPU; on the CPU each batch
   * split across the cores, see {@link RuntimeOptions#inferenceShards()}) and the default image
   * size limit.
   */
  public static SavedModelClassifier load(Path dir) throws IOException {
    return load(dir, RuntimeOptions.DEFAULT.resolve(), ImageSizeLimit.DEFAULT);
  }

  /**
   * Loads {@code dir} on the device and with the threads of {@code runtime}; {@link
   * #classifyEncoded} refuses images {@code sizeLimit} refuses before TensorFlow decodes them.
   *
   * @throws IOException if {@code dir} is not a model directory (no or invalid {@code
   *     mnasnet.json}, no SavedModel, signatures missing or not matching the metadata)
   */
  public static SavedModelClassifier load(
      Path dir, ResolvedRuntime runtime, ImageSizeLimit sizeLimit) throws IOException {
    ModelMetadata metadata = ModelMetadataFile.read(dir);
    SavedModelBundle bundle;
    try {
      bundle = runtime.loadSavedModel(dir, ServingContract.TAG);
    } catch (TensorFlowException e) {
      throw new IOException("cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
    }
    try {
      SessionFunction normalized = signature(bundle, metadata.signatures().normalized(), dir);
      SessionFunction encoded = signature(bundle, metadata.signatures().encoded(), dir);
      checkOutputs(normalized.signature(), metadata, dir);
      return new SavedModelClassifier(
          dir, metadata, bundle, normalized, encoded, runtime.inferenceShards(), sizeLimit);
    } catch (IOException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  private static SessionFunction signature(SavedModelBundle bundle, String key, Path dir)
      throws IOException {
    try {
      return bundle.function(key);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          dir + ": the SavedModel has no signature '" + key + "' named in mnasnet.json", e);
    }
  }

  private static void checkOutputs(Signature signature, ModelMetadata metadata, Path dir)
      throws IOException {
    Signature.TensorDescription logits = signature.getOutputs().get(LOGITS);
    if (logits == null || !signature.getOutputs().containsKey(PROBABILITIES)) {
      throw new IOException(dir + ": signature " + signature.key() + " lacks logits/probabilities");
    }
    long classes = logits.shape.get(logits.shape.numDimensions() - 1);
    if (classes != metadata.numClasses()) {
      throw new IOException(
          dir
              + ": the model has "
              + classes
              + " classes, mnasnet.json lists "
              + metadata.numClasses()
              + " labels");
    }
  }

  @Override
  public Engine engine() {
    return Engine.TENSORFLOW;
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public float[][] logits(float[] nhwcBatch, int n) {
    return runNormalized(nhwcBatch, n, LOGITS);
  }

  @Override
  public List<Prediction> predict(float[] nhwcBatch, int n) {
    return predictions(runNormalized(nhwcBatch, n));
  }

  @Override
  public List<Prediction> predict(int n, PixelWriter pixels) {
    if (n < 1) {
      throw new IllegalArgumentException("expected at least one image, got " + n);
    }
    int floatsPerImage = imageSize() * imageSize() * 3;
    return predictions(
        runNormalizedParts(
            n,
            (from, to) -> {
              float[] part = new float[(to - from) * floatsPerImage];
              for (int i = from; i < to; i++) {
                pixels.write(i, part, i - from);
              }
              return DataBuffers.of(part, true, false);
            }));
  }

  private List<Prediction> predictions(float[][][] outputs) {
    List<Prediction> predictions = new ArrayList<>(outputs[0].length);
    for (int i = 0; i < outputs[0].length; i++) {
      predictions.add(new Prediction(outputs[0][i], outputs[1][i], metadata.labels()));
    }
    return predictions;
  }

  /**
   * Decodes, preprocesses and classifies PNG/JPEG images in one batch inside the graph. Each header
   * is read and judged by the size limit first: an image that is not a PNG or JPEG (TensorFlow's
   * decoder would also take a GIF, whose every frame it decodes) or that the limit refuses is never
   * handed to TensorFlow. An image TensorFlow cannot decode yields a failed {@link Classification}
   * without failing the others (the batch is then retried in halves to find it).
   */
  @Override
  public List<Classification> classifyEncoded(List<byte[]> images) {
    Classification[] results = new Classification[images.size()];
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Optional<String> refusal = sizeLimit.refusal(images.get(i));
      if (refusal.isPresent()) {
        results[i] = Classification.failed(refusal.get());
      } else {
        accepted.add(i);
      }
    }
    List<byte[]> decodable = accepted.stream().map(images::get).toList();
    List<Classification> classified = new ArrayList<>(decodable.size());
    lock.readLock().lock();
    try {
      checkOpen();
      shards
          .run(decodable.size(), (from, to) -> classifyDecodable(decodable.subList(from, to)))
          .forEach(classified::addAll);
    } finally {
      lock.readLock().unlock();
    }
    for (int k = 0; k < accepted.size(); k++) {
      results[accepted.get(k)] = classified.get(k);
    }
    return List.of(results);
  }

  private List<Classification> classifyDecodable(List<byte[]> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    try {
      return runEncoded(images).stream().map(Classification::of).toList();
    } catch (RejectedBatchException batchFailure) {
      if (images.size() == 1) {
        return List.of(Classification.failed(batchFailure.getMessage()));
      }
      // Halve until the bad image is alone: ~2 log2(n) smaller calls instead of n single ones.
      int half = images.size() / 2;
      List<Classification> results = new ArrayList<>(images.size());
      results.addAll(classifyDecodable(images.subList(0, half)));
      results.addAll(classifyDecodable(images.subList(half, images.size())));
      return results;
    }
  }

  /** TensorFlow refused a batch of encoded images (e.g. one is not a PNG/JPEG). */
  private static final class RejectedBatchException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedBatchException(String message) {
      super(message);
    }
  }

  /** Called with the read lock held (by the thread that split the batch). */
  private List<Prediction> runEncoded(List<byte[]> images) throws RejectedBatchException {
    try (TString input =
            TString.tensorOfBytes(NdArrays.vectorOfObjects(images.toArray(byte[][]::new)));
        Result result = callEncoded(input)) {
      float[][] logits = toMatrix(result, LOGITS);
      float[][] probabilities = toMatrix(result, PROBABILITIES);
      List<Prediction> predictions = new ArrayList<>(images.size());
      for (int i = 0; i < images.size(); i++) {
        predictions.add(new Prediction(logits[i], probabilities[i], metadata.labels()));
      }
      return predictions;
    }
  }

  private Result callEncoded(TString input) throws RejectedBatchException {
    try {
      return encoded.call(Map.of(ENCODED_IMAGES, input));
    } catch (TensorFlowException | IllegalArgumentException e) {
      // TensorFlow reports undecodable images as TFInvalidArgumentException, an
      // IllegalArgumentException; the batch itself was well-formed.
      throw new RejectedBatchException(firstLine(e));
    }
  }

  private float[][] runNormalized(float[] nhwcBatch, int n, String output) {
    float[][][] outputs = runNormalized(nhwcBatch, n);
    return output.equals(LOGITS) ? outputs[0] : outputs[1];
  }

  private float[][][] runNormalized(float[] nhwcBatch, int n) {
    int size = imageSize();
    long expected = (long) n * size * size * 3;
    if (n < 1 || nhwcBatch.length != expected) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + " images of "
              + size
              + "x"
              + size
              + "x3 = "
              + expected
              + " floats, got "
              + nhwcBatch.length);
    }
    int floatsPerImage = size * size * 3;
    FloatDataBuffer pixels = DataBuffers.of(nhwcBatch, true, false);
    return runNormalizedParts(
        n,
        (from, to) ->
            pixels.slice((long) from * floatsPerImage, (long) (to - from) * floatsPerImage));
  }

  /**
   * {@code n} images through the normalised signature, split into parts run side by side: {@code
   * partPixels.apply(from, to)} gives the pixels of images {@code [from, to)} (called on the part's
   * thread).
   *
   * @return {@code {logits, probabilities}}, each {@code [n][classes]}
   */
  private float[][][] runNormalizedParts(
      int n, BiFunction<Integer, Integer, FloatDataBuffer> partPixels) {
    float[][] logits = new float[n][];
    float[][] probabilities = new float[n][];
    lock.readLock().lock();
    try {
      checkOpen();
      shards.run(
          n,
          (from, to) -> {
            float[][][] part = runNormalizedPart(partPixels.apply(from, to), to - from);
            System.arraycopy(part[0], 0, logits, from, to - from);
            System.arraycopy(part[1], 0, probabilities, from, to - from);
            return null;
          });
    } finally {
      lock.readLock().unlock();
    }
    return new float[][][] {logits, probabilities};
  }

  /** {@code count} images' pixels through the normalised signature in one call. */
  private float[][][] runNormalizedPart(FloatDataBuffer pixels, int count) {
    int size = imageSize();
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(count, size, size, 3), pixels);
        Result result = normalized.call(Map.of(IMAGES, input))) {
      return new float[][][] {toMatrix(result, LOGITS), toMatrix(result, PROBABILITIES)};
    }
  }

  private static float[][] toMatrix(Result result, String name) {
    Tensor tensor =
        result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
    TFloat32 values = (TFloat32) tensor;
    int rows = (int) values.shape().get(0);
    int columns = (int) values.shape().get(1);
    float[][] matrix = new float[rows][columns];
    for (int i = 0; i < rows; i++) {
      values.get(i).copyTo(DataBuffers.of(matrix[i]));
    }
    return matrix;
  }

  private static String firstLine(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().lines().findFirst().orElse(message);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model loaded from " + dir + " has been closed");
    }
  }

  /** Frees the native Session and graph, after running calls have finished. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        shards.close();
        bundle.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "SavedModelClassifier[" + dir + ", " + metadata.name() + "]";
  }
}
