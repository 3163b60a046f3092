package io.mnasnet.inference.savedmodel;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The decoding and preprocessing half of a SavedModel's {@code serving_encoded} signature, run on
 * its own: PNG/JPEG bytes in, the model's preprocessed float32 {@code [N, S, S, 3]} input out
 * (JPEGs decoded at a reduced DCT scale, only the centre crop resampled, as the exporter built it).
 * What feeds another engine, ONNX Runtime, with exactly the pixels the TensorFlow engine sees.
 *
 * <p>It runs the version's own graph up to its decode op ({@value #PREPROCESSED}, the exporter's
 * {@code decode} scope), so the network's ops are never executed. Thread-safe; close it to free the
 * Session.
 */
public final class InGraphPreprocessing implements AutoCloseable {

  /** The op whose output is the preprocessed batch, in every SavedModel the exporter writes. */
  static final String PREPROCESSED = "decode/MapDefun";

  private final SavedModelBundle bundle;
  private final int floatsPerImage;

  private InGraphPreprocessing(SavedModelBundle bundle, int imageSize) {
    this.bundle = bundle;
    this.floatsPerImage = imageSize * imageSize * 3;
  }

  /**
   * Loads the SavedModel in {@code dir} with {@code runtime}'s configuration.
   *
   * @throws IOException if it cannot be loaded or has no preprocessing op
   */
  public static InGraphPreprocessing load(Path dir, int imageSize, ResolvedRuntime runtime)
      throws IOException {
    SavedModelBundle bundle;
    try {
      bundle = runtime.loadSavedModel(dir, ServingContract.TAG);
    } catch (TensorFlowException e) {
      throw new IOException(
          "cannot load the SavedModel in " + dir + " for its preprocessing: " + e.getMessage(), e);
    }
    if (bundle.graph().operation(PREPROCESSED) == null
        || bundle.graph().operation(ServingContract.ENCODED_IMAGES) == null) {
      bundle.close();
      throw new IOException(
          dir + ": the SavedModel has no " + PREPROCESSED + " op: not exported by this project");
    }
    return new InGraphPreprocessing(bundle, imageSize);
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
        Result result =
            bundle
                .session()
                .runner()
                .feed(ServingContract.ENCODED_IMAGES, input)
                .fetch(PREPROCESSED)
                .run()) {
      ((TFloat32) result.get(0)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(pixels));
      return pixels;
    } catch (TensorFlowException | IllegalArgumentException e) {
      // undecodable images come back as TFInvalidArgumentException, an IllegalArgumentException
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new RejectedImagesException(message.strip().lines().findFirst().orElse(message));
    }
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
    bundle.close();
  }
}
