package io.mnasnet.inference.preprocessing;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.nio.FloatBuffer;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.RawTensor;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * A model version's decoding and preprocessing on its own: PNG/JPEG bytes in, the preprocessed
 * float32 {@code [N, S, S, 3]} input out (JPEGs decoded at a reduced DCT scale, only the centre
 * crop resampled). What feeds ONNX Runtime, which has no image decoder.
 *
 * <p>Built from the version's {@code mnasnet.json} with the same {@link PreprocessingGraph} the
 * exporter puts into the SavedModel's {@code serving_encoded} signature, so the pixels are those
 * the TensorFlow engine sees; but the graph holds the preprocessing ops and nothing else: no
 * network, no weights, no SavedModel to load (before, the ONNX Runtime engine loaded the whole
 * SavedModel only to run its decode op: BENCHMARKS.md has what that cost).
 *
 * <p>Thread-safe (one Session, called from each batch part's thread); close it to free the Session.
 */
public final class PreprocessingSession implements AutoCloseable {

  private final Graph graph;
  private final ConcreteFunction singleImage;
  private final Session session;
  private final Placeholder<TString> encoded;
  private final Operand<TFloat32> preprocessed;
  private final int floatsPerImage;

  private PreprocessingSession(
      Graph graph,
      ConcreteFunction singleImage,
      Session session,
      Placeholder<TString> encoded,
      Operand<TFloat32> preprocessed,
      int imageSize) {
    this.graph = graph;
    this.singleImage = singleImage;
    this.session = session;
    this.encoded = encoded;
    this.preprocessed = preprocessed;
    this.floatsPerImage = imageSize * imageSize * 3;
  }

  /**
   * Builds {@code preprocessing}'s graph in a Session of {@code runtime}.
   *
   * @throws IllegalArgumentException naming the field if the graph cannot implement it
   */
  public static PreprocessingSession build(Preprocessing preprocessing, ResolvedRuntime runtime) {
    PreprocessingGraph.validate(preprocessing);
    Graph graph = new Graph();
    ConcreteFunction singleImage = null;
    try {
      singleImage = PreprocessingGraph.singleImage(preprocessing);
      Ops tf = Ops.create(graph);
      Placeholder<TString> encoded =
          tf.withName("encoded_images").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> preprocessed =
          PreprocessingGraph.batch(
              tf.withSubScope("decode"), encoded, singleImage, preprocessing.imageSize());
      Session session = runtime.session(graph);
      return new PreprocessingSession(
          graph, singleImage, session, encoded, preprocessed, preprocessing.imageSize());
    } catch (RuntimeException e) {
      if (singleImage != null) {
        singleImage.close();
      }
      graph.close();
      throw e;
    }
  }

  /**
   * Decodes and preprocesses {@code images} in one call.
   *
   * @return {@code images.size() * S * S * 3} floats, NHWC
   * @throws RejectedImagesException if TensorFlow refuses the batch (an image it cannot decode)
   */
  public float[] preprocess(List<byte[]> images) throws RejectedImagesException {
    float[] pixels = new float[images.size() * floatsPerImage];
    try (TString input =
            TString.tensorOfBytes(NdArrays.vectorOfObjects(images.toArray(byte[][]::new)));
        Result result = session.runner().feed(encoded, input).fetch(preprocessed).run()) {
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(pixels));
      return pixels;
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw rejected(e);
    }
  }

  /**
   * Decodes and preprocesses {@code images} in one call, leaving the pixels where TensorFlow wrote
   * them: the result reads them through a direct buffer over the output tensor's memory, so that
   * ONNX Runtime can take them as its input tensor without a copy. Close it after the last use of
   * {@link Preprocessed#pixels()}.
   *
   * @throws RejectedImagesException if TensorFlow refuses the batch (an image it cannot decode)
   */
  public Preprocessed preprocessInPlace(List<byte[]> images) throws RejectedImagesException {
    Result result;
    try (TString input =
        TString.tensorOfBytes(NdArrays.vectorOfObjects(images.toArray(byte[][]::new)))) {
      result = session.runner().feed(encoded, input).fetch(preprocessed).run();
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw rejected(e);
    }
    try {
      RawTensor pixels = result.get(0).asRawTensor();
      return new Preprocessed(result, TensorMemory.floats(pixels, images.size() * floatsPerImage));
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }

  /**
   * A batch's preprocessed pixels, {@code N * S * S * 3} floats NHWC, in TensorFlow's output tensor
   * until {@link #close()}.
   */
  public static final class Preprocessed implements AutoCloseable {
    private final Result result;
    private final FloatBuffer pixels;

    private Preprocessed(Result result, FloatBuffer pixels) {
      this.result = result;
      this.pixels = pixels;
    }

    /** A direct buffer over the tensor's memory, positioned at the first float; not after close. */
    public FloatBuffer pixels() {
      return pixels;
    }

    /** Frees the tensor. */
    @Override
    public void close() {
      result.close();
    }
  }

  private static RejectedImagesException rejected(RuntimeException e) {
    // undecodable images come back as TFInvalidArgumentException, an IllegalArgumentException
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new RejectedImagesException(message.strip().lines().findFirst().orElse(message));
  }

  /** TensorFlow refused a batch of encoded images (e.g. one is not a PNG/JPEG). */
  public static final class RejectedImagesException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedImagesException(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    session.close();
    singleImage.close();
    graph.close();
  }
}
