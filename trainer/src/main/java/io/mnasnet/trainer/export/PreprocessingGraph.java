package io.mnasnet.trainer.export;

import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * {@link Preprocessing} as TensorFlow ops, so that a SavedModel accepts encoded PNG/JPEG bytes and
 * prepares them exactly as its metadata says.
 *
 * <p>One image: decode to 8-bit RGB (grey is replicated, as the decoder does with 3 channels), then
 *
 * <ul>
 *   <li>{@code pad}: shrink (keeping the aspect ratio, antialiased bilinear) only if a side exceeds
 *       {@code imageSize}; pad evenly to {@code imageSize} with black (the extra pixel, if any,
 *       goes bottom/right); normalise. Padding black before normalising is padding with the
 *       normalised value of black after it.
 *   <li>{@code resize-center-crop}: resize so the shorter side is {@code resizeSize} (the longer
 *       one truncated, as torchvision computes it; antialiased bilinear, like PIL), crop the centre
 *       {@code imageSize} square (offsets rounded half to even, as Python's {@code round}),
 *       normalise.
 * </ul>
 *
 * <p>A batch of encoded strings is mapped through that per-image function with {@code MapDefun}
 * (TensorFlow Java has no {@code map_fn}).
 */
public final class PreprocessingGraph {

  private static final String INPUT = "encoded";
  private static final String OUTPUT = "image";

  private PreprocessingGraph() {}

  /**
   * The per-image function: scalar string to float32 {@code [imageSize, imageSize, 3]}. The caller
   * closes it after the graph using it has been exported or closed.
   */
  public static ConcreteFunction singleImage(Preprocessing preprocessing) {
    validate(preprocessing);
    return ConcreteFunction.create(tf -> singleImageSignature(tf, preprocessing));
  }

  /**
   * Decodes and preprocesses a batch: {@code encoded} string {@code [N]} to float32 {@code [N,
   * imageSize, imageSize, 3]}.
   */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> batch(
      Ops tf, Operand<TString> encoded, ConcreteFunction singleImage, int imageSize) {
    return (Operand<TFloat32>)
        tf.mapDefun(
                List.of(encoded),
                List.of(),
                List.of(TFloat32.class),
                List.of(Shape.of(imageSize, imageSize, 3)),
                singleImage)
            .output()
            .get(0);
  }

  /** Fails with a message naming the field if the graph cannot implement {@code p}. */
  public static void validate(Preprocessing p) {
    if (p.imageSize() < 1) {
      throw new IllegalArgumentException("preprocessing.imageSize must be positive");
    }
    if (p.mean() == null || p.mean().size() != 3 || p.std() == null || p.std().size() != 3) {
      throw new IllegalArgumentException(
          "preprocessing.mean and preprocessing.std need 3 values (R, G, B)");
    }
    if (p.std().stream().anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("preprocessing.std values must be positive");
    }
    if (!Preprocessing.GRAYSCALE_REPLICATE.equals(p.grayscale())) {
      throw new IllegalArgumentException(
          "preprocessing.grayscale must be '"
              + Preprocessing.GRAYSCALE_REPLICATE
              + "', got '"
              + p.grayscale()
              + "'");
    }
    if (Preprocessing.RESIZE_CENTER_CROP.equals(p.resize())) {
      if (p.resizeSize() < p.imageSize()) {
        throw new IllegalArgumentException(
            "preprocessing.resizeSize ("
                + p.resizeSize()
                + ") must be at least imageSize ("
                + p.imageSize()
                + ") for resize-center-crop");
      }
    } else if (!Preprocessing.RESIZE_PAD.equals(p.resize())) {
      throw new IllegalArgumentException(
          "preprocessing.resize must be '"
              + Preprocessing.RESIZE_PAD
              + "' or '"
              + Preprocessing.RESIZE_CENTER_CROP
              + "', got '"
              + p.resize()
              + "'");
    }
  }

  private static Signature singleImageSignature(Ops tf, Preprocessing p) {
    Placeholder<TString> encoded = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TUint8> decoded =
        tf.image.decodeImage(
            encoded, TUint8.class, DecodeImage.channels(3L), DecodeImage.expandAnimations(false));
    Operand<TFloat32> pixels = tf.dtypes.cast(decoded, TFloat32.class);
    Operand<TFloat32> sized =
        Preprocessing.RESIZE_PAD.equals(p.resize())
            ? shrinkAndPad(tf, pixels, p.imageSize())
            : resizeAndCenterCrop(tf, pixels, p.resizeSize(), p.imageSize());
    Operand<TFloat32> normalized = normalize(tf, sized, p);
    Operand<TFloat32> image = tf.ensureShape(normalized, Shape.of(p.imageSize(), p.imageSize(), 3));
    return Signature.builder()
        .key("preprocess")
        .input(INPUT, encoded)
        .output(OUTPUT, image)
        .build();
  }

  private static Operand<TFloat32> shrinkAndPad(Ops tf, Operand<TFloat32> pixels, int size) {
    Operand<TFloat64> height = dimension(tf, pixels, 0);
    Operand<TFloat64> width = dimension(tf, pixels, 1);
    // scale = min(1, size / max(h, w)); at scale 1 the resize below is the identity.
    Operand<TFloat64> scale =
        tf.math.minimum(
            tf.constant(1.0),
            tf.math.div(tf.constant((double) size), tf.math.maximum(height, width)));
    Operand<TInt32> newHeight = scaledSide(tf, height, scale, size);
    Operand<TInt32> newWidth = scaledSide(tf, width, scale, size);
    Operand<TFloat32> resized = resize(tf, pixels, height, width, newHeight, newWidth);
    Operand<TInt32> padHeight = tf.math.sub(tf.constant(size), newHeight);
    Operand<TInt32> padWidth = tf.math.sub(tf.constant(size), newWidth);
    Operand<TInt32> top = tf.math.floorDiv(padHeight, tf.constant(2));
    Operand<TInt32> left = tf.math.floorDiv(padWidth, tf.constant(2));
    Operand<TInt32> paddings =
        tf.stack(
            List.of(
                tf.stack(List.of(top, tf.math.sub(padHeight, top))),
                tf.stack(List.of(left, tf.math.sub(padWidth, left))),
                tf.constant(new int[] {0, 0})));
    return tf.pad(resized, paddings, tf.constant(0f));
  }

  private static Operand<TInt32> scaledSide(
      Ops tf, Operand<TFloat64> side, Operand<TFloat64> scale, int max) {
    Operand<TInt32> scaled = tf.dtypes.cast(tf.math.rint(tf.math.mul(side, scale)), TInt32.class);
    return tf.math.maximum(tf.constant(1), tf.math.minimum(tf.constant(max), scaled));
  }

  private static Operand<TFloat32> resizeAndCenterCrop(
      Ops tf, Operand<TFloat32> pixels, int resizeSize, int size) {
    Operand<TFloat64> height = dimension(tf, pixels, 0);
    Operand<TFloat64> width = dimension(tf, pixels, 1);
    Operand<TFloat64> shorter = tf.math.minimum(height, width);
    Operand<TFloat64> target = tf.constant((double) resizeSize);
    // torchvision: the shorter side becomes resizeSize, the longer int(resizeSize * long / short).
    Operand<TInt32> newHeight =
        tf.dtypes.cast(
            tf.math.floor(tf.math.div(tf.math.mul(target, height), shorter)), TInt32.class);
    Operand<TInt32> newWidth =
        tf.dtypes.cast(
            tf.math.floor(tf.math.div(tf.math.mul(target, width), shorter)), TInt32.class);
    Operand<TFloat32> resized = resize(tf, pixels, height, width, newHeight, newWidth);
    Operand<TInt32> top = centerOffset(tf, newHeight, size);
    Operand<TInt32> left = centerOffset(tf, newWidth, size);
    return tf.slice(
        resized,
        tf.stack(List.of(top, left, tf.constant(0))),
        tf.constant(new int[] {size, size, 3}));
  }

  private static Operand<TInt32> centerOffset(Ops tf, Operand<TInt32> side, int size) {
    Operand<TFloat64> excess = tf.dtypes.cast(tf.math.sub(side, tf.constant(size)), TFloat64.class);
    return tf.dtypes.cast(tf.math.rint(tf.math.div(excess, tf.constant(2.0))), TInt32.class);
  }

  /** Antialiased bilinear ("triangle") resize of one {@code [h, w, 3]} image. */
  private static Operand<TFloat32> resize(
      Ops tf,
      Operand<TFloat32> pixels,
      Operand<TFloat64> height,
      Operand<TFloat64> width,
      Operand<TInt32> newHeight,
      Operand<TInt32> newWidth) {
    Operand<TFloat32> scale =
        tf.dtypes.cast(
            tf.stack(
                List.of(
                    tf.math.div(tf.dtypes.cast(newHeight, TFloat64.class), height),
                    tf.math.div(tf.dtypes.cast(newWidth, TFloat64.class), width))),
            TFloat32.class);
    Operand<TFloat32> batch = tf.expandDims(pixels, tf.constant(0));
    Operand<TFloat32> resized =
        tf.image.scaleAndTranslate(
            batch,
            tf.stack(List.of(newHeight, newWidth)),
            scale,
            tf.constant(new float[] {0f, 0f}),
            ScaleAndTranslate.kernelType("triangle"),
            ScaleAndTranslate.antialias(true));
    return tf.squeeze(resized, org.tensorflow.op.core.Squeeze.axis(List.of(0L)));
  }

  private static Operand<TFloat64> dimension(Ops tf, Operand<TFloat32> image, int axis) {
    Operand<TInt32> shape = tf.shape(image);
    return tf.dtypes.cast(tf.gather(shape, tf.constant(axis), tf.constant(0)), TFloat64.class);
  }

  /** {@code (pixel / 255 - mean[c]) / std[c]}. */
  private static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> pixels, Preprocessing p) {
    float[] scale = new float[3];
    float[] offset = new float[3];
    for (int c = 0; c < 3; c++) {
      // x = pixel * (1 / (255 std)) - mean / std, in one multiply-add per value
      scale[c] = (float) (1.0 / (255.0 * p.std().get(c)));
      offset[c] = (float) (-p.mean().get(c) / p.std().get(c));
    }
    return tf.math.add(tf.math.mul(pixels, tf.constant(scale)), tf.constant(offset));
  }
}
