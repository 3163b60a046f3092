package io.mnasnet.trainer.augment;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeAndCropJpeg;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes a window of a JPEG at a reduced DCT scale and resamples it to a normalised {@code size x
 * size} RGB image: libjpeg-turbo's {@code DecodeAndCropJpeg} in TensorFlow (only the window's
 * blocks are inverse-transformed and colour-converted, at 1/1 to 1/8 scale; libjpeg's accurate
 * integer IDCT, as PIL uses), then PIL's antialiased bilinear filter, the flip and the
 * normalisation in one Java pass ({@link TriangleResampler}).
 *
 * <p>Pixels already decoded some other way (PNG, GIF, BMP, or a JPEG libjpeg refuses) go through
 * the same resampling, flip and normalisation with {@link #resample}, so every format is prepared
 * alike.
 *
 * <p>Each decode is one Session call that runs on the calling thread ({@code
 * RunOptions.inter_op_thread_pool = -1}): the batch loader's workers decode side by side without
 * handing each image to TensorFlow's pools, which training uses. The graph is pinned to the CPU.
 * (TensorFlow's own {@code ScaleAndTranslate} took 1.4 ms per 224x224 image here, more than the
 * decode; the Java pass about a third of that.) Thread-safe; close it when the loaders using it are
 * closed.
 */
public final class CropDecoder implements AutoCloseable {

  private static final DeviceSpec CPU =
      DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();

  /** Run on the caller's thread: the graph is one op, worth less than a thread switch. */
  private static final RunOptions CALLER_THREAD =
      RunOptions.newBuilder().setInterOpThreadPool(-1).build();

  private final int size;
  private final float[] multiplier = new float[3];
  private final float[] addend = new float[3];
  private final Graph graph;
  private final Session session;
  private final String[] jpegOutputs = new String[4];

  /**
   * Builds the decoding graph.
   *
   * @param runtime makes the Session (every Session of the process goes through it)
   * @param size output side
   * @param normalization per-channel mean and std of pixels in [0, 1], 3 channels
   */
  public CropDecoder(ResolvedRuntime runtime, int size, Normalization normalization) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    if (normalization.channels() != 3) {
      throw new IllegalArgumentException(
          "the crop decoder makes RGB images; the normalisation has "
              + normalization.channels()
              + " channel(s)");
    }
    this.size = size;
    for (int c = 0; c < 3; c++) {
      // (pixel / 255 - mean) / std as one multiply-add
      multiplier[c] = 1f / (255f * normalization.std()[c]);
      addend[c] = -normalization.mean()[c] / normalization.std()[c];
    }
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph).withDevice(CPU);
      Placeholder<TString> encoded =
          tf.withName("encoded").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TInt32> window =
          tf.withName("window").placeholder(TInt32.class, Placeholder.shape(Shape.of(4)));
      for (int i = 0; i < jpegOutputs.length; i++) {
        long ratio = 1L << i;
        jpegOutputs[i] =
            tf.withName("jpeg_" + ratio)
                .image
                .decodeAndCropJpeg(
                    encoded,
                    window,
                    DecodeAndCropJpeg.channels(3L),
                    DecodeAndCropJpeg.ratio(ratio),
                    // libjpeg's accurate integer IDCT, as PIL (and so torchvision) decodes
                    DecodeAndCropJpeg.dctMethod("INTEGER_ACCURATE"))
                .op()
                .name();
      }
      this.session = runtime.session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Output side. */
  public int size() {
    return size;
  }

  /**
   * Decodes {@code plan}'s window of {@code jpeg} and resamples it.
   *
   * @throws org.tensorflow.exceptions.TensorFlowException if libjpeg cannot decode it (corrupt, or
   *     a colour space TensorFlow does not convert): decode it another way and call {@link
   *     #resample}
   */
  public FloatImage decodeJpeg(byte[] jpeg, DecodeWindow plan, boolean flip) {
    int index = Integer.numberOfTrailingZeros(plan.ratio());
    byte[] rgb = new byte[plan.height() * plan.width() * 3];
    try (TString encoded = TString.tensorOfBytes(NdArrays.scalarOfObject(jpeg));
        TInt32 window = TInt32.vectorOf(plan.top(), plan.left(), plan.height(), plan.width());
        Result result =
            session
                .runner()
                .feed("encoded", encoded)
                .feed("window", window)
                .fetch(jpegOutputs[index])
                .setOptions(CALLER_THREAD)
                .run()) {
      TUint8 pixels = (TUint8) result.get(0);
      if (pixels.shape().numDimensions() != 3
          || pixels.shape().get(0) != plan.height()
          || pixels.shape().get(1) != plan.width()) {
        throw new IllegalStateException(
            "libjpeg returned " + pixels.shape() + " for the window " + plan);
      }
      pixels.copyTo(DataBuffers.of(rgb, false, false));
    }
    return resample(rgb, plan, flip);
  }

  /**
   * Resamples RGB pixels of {@code plan}'s window, {@code plan.height() x plan.width() x 3} bytes
   * (from this decoder's JPEG decode, or decoded elsewhere at full size).
   */
  public FloatImage resample(byte[] rgb, DecodeWindow plan, boolean flip) {
    if (rgb.length != plan.height() * plan.width() * 3) {
      throw new IllegalArgumentException(
          "expected " + plan.height() + "x" + plan.width() + "x3 bytes, got " + rgb.length);
    }
    float[] pixels = new float[size * size * 3];
    TriangleResampler.resample(
        rgb, plan.height(), plan.width(), plan, size, flip, multiplier, addend, pixels, 0);
    return new FloatImage(size, size, 3, pixels);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
