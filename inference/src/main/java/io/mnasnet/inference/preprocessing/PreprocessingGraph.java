package io.mnasnet.inference.preprocessing;

import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * {@link Preprocessing} as TensorFlow ops: encoded PNG/JPEG bytes in, the model's input out,
 * prepared exactly as its metadata says. Two users build the same ops from the same metadata: the
 * trainer's exporter, into the SavedModel's {@code serving_encoded} signature (scope {@code
 * decode}), and the ONNX Runtime engine, into a graph of its own that holds nothing else ({@link
 * PreprocessingSession}). So both engines see the same pixels, and serving encoded images through
 * ONNX Runtime needs neither the SavedModel nor its weights.
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
 *       normalise. A JPEG is decoded at the smallest DCT-domain scale (1/1 to 1/8) that keeps its
 *       shorter side at least {@code resizeSize}, only the cropped square is resampled, and an
 *       image already at {@code resizeSize} is cropped without resampling: a 1280x960 photo costs
 *       about two thirds of a full decode and resize, a 256x256 one two fifths, within a few levels
 *       of PIL's pixels ({@code PhotoPreprocessingParityTest}; BENCHMARKS.md).
 * </ul>
 *
 * <p>A batch of encoded strings is mapped through that per-image function with {@code MapDefun}
 * (TensorFlow Java has no {@code map_fn}).
 */
public final class PreprocessingGraph {

  private static final String INPUT = "encoded";
  private static final String OUTPUT = "image";

  /** The first three bytes of every JPEG file (SOI marker, then the next marker's 0xFF). */
  private static final String JPEG_MAGIC = "\u00ff\u00d8\u00ff";

  /** The DCT-domain scales libjpeg decodes at: 1/1, 1/2, 1/4, 1/8. */
  private static final long[] JPEG_RATIOS = {1, 2, 4, 8};

  private static final int MAX_JPEG_RATIO = 8;

  private PreprocessingGraph() {}

  /**
   * The per-image function: scalar string to float32 {@code [imageSize, imageSize, 3]}. The caller
   * closes it after the graph using it has been exported or closed.
   */
  public static ConcreteFunction singleImage(Preprocessing preprocessing) {
    return singleImage(preprocessing, MAX_JPEG_RATIO);
  }

  /**
   * {@link #singleImage(Preprocessing)} decoding JPEGs at no less than {@code 1 / maxJpegRatio} of
   * their size (1: always in full, the reference the reduced decode is measured against by {@code
   * PhotoPreprocessingParityTest}).
   */
  public static ConcreteFunction singleImage(Preprocessing preprocessing, int maxJpegRatio) {
    validate(preprocessing);
    if (Long.bitCount(maxJpegRatio) != 1 || maxJpegRatio > MAX_JPEG_RATIO) {
      throw new IllegalArgumentException("maxJpegRatio must be 1, 2, 4 or 8, got " + maxJpegRatio);
    }
    return ConcreteFunction.create(tf -> singleImageSignature(tf, preprocessing, maxJpegRatio));
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

  private static Signature singleImageSignature(Ops tf, Preprocessing p, int maxJpegRatio) {
    Placeholder<TString> encoded = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> sized;
    if (Preprocessing.RESIZE_PAD.equals(p.resize())) {
      sized =
          shrinkAndPad(tf, tf.dtypes.cast(decodeFull(tf, encoded), TFloat32.class), p.imageSize());
    } else {
      sized = resizeAndCenterCrop(tf, decodeReduced(tf, encoded, p.resizeSize(), maxJpegRatio), p);
    }
    Operand<TFloat32> normalized = normalize(tf, sized, p);
    Operand<TFloat32> image = tf.ensureShape(normalized, Shape.of(p.imageSize(), p.imageSize(), 3));
    return Signature.builder()
        .key("preprocess")
        .input(INPUT, encoded)
        .output(OUTPUT, image)
        .build();
  }

  /**
   * Any format TensorFlow decodes (PNG, JPEG, GIF's first frame, BMP), 8-bit RGB. The engines hand
   * it only PNGs and JPEGs their size limit allows (ImageSizeLimit, from the header): TensorFlow's
   * GIF decoder reads every frame, and nothing here bounds an image's size.
   */
  private static Operand<TUint8> decodeFull(Ops tf, Operand<TString> encoded) {
    return tf.image.decodeImage(
        encoded, TUint8.class, DecodeImage.channels(3L), DecodeImage.expandAnimations(false));
  }

  /**
   * An image decoded for a resize whose shorter side becomes {@code resizeSize}: a JPEG at the
   * smallest of libjpeg's DCT-domain scales (1/1, 1/2, 1/4, 1/8) whose shorter side is still at
   * least {@code resizeSize}, so the resize that follows still only shrinks; any other format in
   * full. A 1280x960 photo for a 256 resize decodes at 1/2 (640x480): the inverse DCT and colour
   * conversion of three quarters of its pixels are never done.
   */
  private static DecodedForResize decodeReduced(
      Ops tf, Operand<TString> encoded, int resizeSize, int maxJpegRatio) {
    Operand<TBool> isJpeg =
        tf.math.equal(
            tf.strings.substr(encoded, tf.constant(0), tf.constant(JPEG_MAGIC.length())),
            tf.constant(StandardCharsets.ISO_8859_1, JPEG_MAGIC));
    try (ConcreteFunction jpeg =
            ConcreteFunction.create(t -> jpegBranch(t, resizeSize, maxJpegRatio));
        ConcreteFunction other = ConcreteFunction.create(PreprocessingGraph::otherBranch)) {
      List<Output<?>> outputs =
          tf.statelessIf(
                  isJpeg,
                  List.of(encoded),
                  List.of(TUint8.class, TInt32.class, TInt32.class),
                  jpeg,
                  other)
              .output();
      @SuppressWarnings("unchecked")
      Operand<TUint8> pixels = (Operand<TUint8>) outputs.get(0);
      @SuppressWarnings("unchecked")
      Operand<TInt32> originalShape = (Operand<TInt32>) outputs.get(1);
      @SuppressWarnings("unchecked")
      Operand<TInt32> ratio = (Operand<TInt32>) outputs.get(2);
      return new DecodedForResize(pixels, originalShape, ratio);
    }
  }

  /**
   * Pixels decoded at {@code 1 / ratio} of the original's size, the original's {@code [height,
   * width]}, and {@code ratio}.
   */
  private record DecodedForResize(
      Operand<TUint8> pixels, Operand<TInt32> originalShape, Operand<TInt32> ratio) {}

  // Outputs are named in the order the branch ops list them (alphabetical and insertion order
  // agree), so both branches return (a_pixels, b_shape, c_ratio).
  private static Signature jpegBranch(Ops tf, int resizeSize, int maxJpegRatio) {
    Placeholder<TString> encoded = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TInt32> shape = tf.image.extractJpegShape(encoded);
    Operand<TInt32> heightWidth =
        tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {2}));
    Operand<TInt32> shorter = tf.min(heightWidth, tf.constant(0));
    // index i decodes at 1 / 2^i; i = how many of 2, 4, 8 keep ceil(shorter / r) >= resizeSize
    Operand<TInt32> index = tf.constant(0);
    for (int ratio = 2; ratio <= maxJpegRatio; ratio *= 2) {
      Operand<TInt32> reducedShorter =
          tf.math.floorDiv(tf.math.add(shorter, tf.constant(ratio - 1)), tf.constant(ratio));
      index =
          tf.math.add(
              index,
              tf.dtypes.cast(
                  tf.math.greaterEqual(reducedShorter, tf.constant(resizeSize)), TInt32.class));
    }
    List<ConcreteFunction> decoders = new ArrayList<>();
    try {
      for (long ratio : JPEG_RATIOS) {
        decoders.add(ConcreteFunction.create(t -> jpegDecoder(t, ratio)));
      }
      Operand<?> pixels =
          tf.statelessCase(index, List.of(encoded), List.of(TUint8.class), decoders)
              .output()
              .get(0);
      Operand<TInt32> ratio = tf.bitwise.leftShift(tf.constant(1), index);
      return Signature.builder()
          .key("jpeg")
          .input("encoded", encoded)
          .output("a_pixels", pixels)
          .output("b_shape", heightWidth)
          .output("c_ratio", ratio)
          .build();
    } finally {
      decoders.forEach(ConcreteFunction::close);
    }
  }

  private static Signature jpegDecoder(Ops tf, long ratio) {
    Placeholder<TString> encoded = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TUint8> pixels =
        tf.image.decodeJpeg(
            encoded,
            DecodeJpeg.channels(3L),
            DecodeJpeg.ratio(ratio),
            // libjpeg's accurate integer IDCT, as PIL (and so torchvision) decodes; TensorFlow's
            // default is the fast one, a level or two off
            DecodeJpeg.dctMethod("INTEGER_ACCURATE"));
    return Signature.builder()
        .key("jpeg_" + ratio)
        .input("encoded", encoded)
        .output("a_pixels", pixels)
        .build();
  }

  private static Signature otherBranch(Ops tf) {
    Placeholder<TString> encoded = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TUint8> pixels = decodeFull(tf, encoded);
    Operand<TInt32> heightWidth =
        tf.slice(tf.shape(pixels), tf.constant(new int[] {0}), tf.constant(new int[] {2}));
    return Signature.builder()
        .key("other")
        .input("encoded", encoded)
        .output("a_pixels", pixels)
        .output("b_shape", heightWidth)
        .output("c_ratio", tf.constant(1))
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

  /**
   * torchvision's {@code Resize(resizeSize)} + {@code CenterCrop(imageSize)} in one antialiased
   * resample: only the {@code imageSize} square that the crop keeps is computed (the crop offset
   * becomes the resample's translation, the same sample positions as resizing everything and
   * slicing), from pixels decoded at {@code 1 / ratio} of the original's size.
   */
  private static Operand<TFloat32> resizeAndCenterCrop(
      Ops tf, DecodedForResize decoded, Preprocessing p) {
    Operand<TFloat64> shape = tf.dtypes.cast(decoded.originalShape(), TFloat64.class);
    Operand<TFloat64> height = tf.gather(shape, tf.constant(0), tf.constant(0));
    Operand<TFloat64> width = tf.gather(shape, tf.constant(1), tf.constant(0));
    Operand<TFloat64> shorter = tf.math.minimum(height, width);
    Operand<TFloat64> target = tf.constant((double) p.resizeSize());
    // torchvision: the shorter side becomes resizeSize, the longer int(resizeSize * long / short),
    // both computed from the original's size.
    Operand<TInt32> newHeight =
        tf.dtypes.cast(
            tf.math.floor(tf.math.div(tf.math.mul(target, height), shorter)), TInt32.class);
    Operand<TInt32> newWidth =
        tf.dtypes.cast(
            tf.math.floor(tf.math.div(tf.math.mul(target, width), shorter)), TInt32.class);
    int size = p.imageSize();
    Operand<TInt32> top = centerOffset(tf, newHeight, size);
    Operand<TInt32> left = centerOffset(tf, newWidth, size);
    // One decoded pixel spans `ratio` original pixels: scale = new side * ratio / original side.
    Operand<TFloat64> ratio = tf.dtypes.cast(decoded.ratio(), TFloat64.class);
    Operand<TFloat32> scale =
        tf.dtypes.cast(
            tf.stack(
                List.of(
                    tf.math.div(
                        tf.math.mul(tf.dtypes.cast(newHeight, TFloat64.class), ratio), height),
                    tf.math.div(
                        tf.math.mul(tf.dtypes.cast(newWidth, TFloat64.class), ratio), width))),
            TFloat32.class);
    Operand<TFloat32> translation =
        tf.dtypes.cast(tf.math.neg(tf.stack(List.of(top, left))), TFloat32.class);
    // At scale 1 (an image whose shorter side already is resizeSize, e.g. a 256x256 thumbnail)
    // the resize is the identity: crop only, as PIL does, instead of a resample that costs more
    // than decoding such an image.
    Operand<TBool> resizes = tf.reduceAny(tf.math.notEqual(scale, tf.constant(1f)), tf.constant(0));
    try (ConcreteFunction resample = ConcreteFunction.create(t -> resampleBranch(t, size));
        ConcreteFunction crop = ConcreteFunction.create(t -> cropBranch(t, size))) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> sized =
          (Operand<TFloat32>)
              tf.statelessIf(
                      resizes,
                      List.of(decoded.pixels(), scale, translation),
                      List.of(TFloat32.class),
                      resample,
                      crop)
                  .output()
                  .get(0);
      return sized;
    }
  }

  // Both branches take (a_pixels uint8 [h, w, 3], b_scale [2], c_translation [2]), named so that
  // alphabetical and insertion order agree.
  private static Signature resampleBranch(Ops tf, int size) {
    Placeholder<TUint8> pixels = tf.placeholder(TUint8.class);
    Placeholder<TFloat32> scale = tf.placeholder(TFloat32.class);
    Placeholder<TFloat32> translation = tf.placeholder(TFloat32.class);
    Operand<TFloat32> resized =
        tf.image.scaleAndTranslate(
            tf.expandDims(pixels, tf.constant(0)),
            tf.constant(new int[] {size, size}),
            scale,
            translation,
            ScaleAndTranslate.kernelType("triangle"),
            ScaleAndTranslate.antialias(true));
    return branch(
        pixels,
        scale,
        translation,
        tf.squeeze(resized, org.tensorflow.op.core.Squeeze.axis(List.of(0L))));
  }

  private static Signature cropBranch(Ops tf, int size) {
    Placeholder<TUint8> pixels = tf.placeholder(TUint8.class);
    Placeholder<TFloat32> scale = tf.placeholder(TFloat32.class);
    Placeholder<TFloat32> translation = tf.placeholder(TFloat32.class);
    Operand<TInt32> offset = tf.dtypes.cast(tf.math.neg(translation), TInt32.class);
    Operand<TUint8> cropped =
        tf.slice(
            pixels,
            tf.concat(List.of(offset, tf.constant(new int[] {0})), tf.constant(0)),
            tf.constant(new int[] {size, size, 3}));
    return branch(pixels, scale, translation, tf.dtypes.cast(cropped, TFloat32.class));
  }

  private static Signature branch(
      Operand<TUint8> pixels,
      Operand<TFloat32> scale,
      Operand<TFloat32> translation,
      Operand<TFloat32> image) {
    return Signature.builder()
        .key("sized")
        .input("a_pixels", pixels)
        .input("b_scale", scale)
        .input("c_translation", translation)
        .output("image", image)
        .build();
  }

  /** Python's {@code round((side - size) / 2)}: half to even. */
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
    // The per-channel constants are spread to the image's full shape first: a multiply or add by a
    // [3] vector goes through Eigen's generic broadcast, which copies the 3 values block by block
    // and cost ~1 ms of CPU per 224x224 image, more than decoding a 256x256 JPEG; same-shape
    // operands take the plain vectorised loop. Measured on 32 JPEGs of 256x256, the whole
    // preprocessing went from 1.84 to 0.78 ms of CPU per image (BENCHMARKS.md).
    Operand<TInt32> shape = tf.constant(new int[] {p.imageSize(), p.imageSize(), 3});
    return tf.math.add(
        tf.math.mul(pixels, tf.broadcastTo(tf.constant(scale), shape)),
        tf.broadcastTo(tf.constant(offset), shape));
  }
}
