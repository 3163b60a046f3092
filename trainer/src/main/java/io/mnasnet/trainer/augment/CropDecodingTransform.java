package io.mnasnet.trainer.augment;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import java.io.IOException;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * torchvision's ImageNet preprocessing that decodes only what it keeps: {@code RandomResizedCrop} +
 * {@code RandomHorizontalFlip} for training, {@code Resize} + {@code CenterCrop} for evaluation,
 * both followed by the normalisation, with a {@link CropDecoder}.
 *
 * <p>For a JPEG the crop is chosen from the frame header's size ({@link JpegHeader}), then only
 * that window is decoded, at the largest DCT scale that keeps it at least the output size ({@link
 * DecodeWindow}). Any other format (and a JPEG libjpeg cannot decode) is decoded whole with {@code
 * javax.imageio} and goes through the same resampling. The random draws are those of {@link
 * ImagePipelines#imageNetTrain}: the box ({@link RandomResizedCrop#sampleBox}), then the flip.
 */
public final class CropDecodingTransform implements EncodedImageTransform {

  private final CropDecoder decoder;
  private final RandomResizedCrop crop;
  private final RandomHorizontalFlip flip;
  private final int resize;
  private final int maxRatio;

  private CropDecodingTransform(
      CropDecoder decoder,
      RandomResizedCrop crop,
      RandomHorizontalFlip flip,
      int resize,
      int maxRatio) {
    this.decoder = decoder;
    this.crop = crop;
    this.flip = flip;
    this.resize = resize;
    this.maxRatio = maxRatio;
  }

  /** Training: a random-resized crop of the decoder's size (scale 0.08-1, ratio 3/4-4/3), flip. */
  public static CropDecodingTransform train(CropDecoder decoder) {
    return train(decoder, RandomResizedCrop.withDefaults(decoder.size()), DecodeWindow.MAX_RATIO);
  }

  /**
   * Training with another crop distribution, decoding at no less than {@code 1 / maxRatio} of the
   * image's size (1: always in full, the reference the reduced decode is measured against).
   */
  public static CropDecodingTransform train(
      CropDecoder decoder, RandomResizedCrop crop, int maxRatio) {
    if (crop.size() != decoder.size()) {
      throw new IllegalArgumentException(
          "the crop makes " + crop.size() + " pixels, the decoder " + decoder.size());
    }
    return new CropDecodingTransform(decoder, crop, RandomHorizontalFlip.HALF, 0, maxRatio);
  }

  /** Evaluation: shorter side to {@code resize}, centre crop of the decoder's size. */
  public static CropDecodingTransform eval(CropDecoder decoder, int resize) {
    return eval(decoder, resize, DecodeWindow.MAX_RATIO);
  }

  /** {@link #eval(CropDecoder, int)} decoding at no less than {@code 1 / maxRatio}. */
  public static CropDecodingTransform eval(CropDecoder decoder, int resize, int maxRatio) {
    if (decoder.size() > resize) {
      throw new IllegalArgumentException(
          "crop size " + decoder.size() + " must not exceed the resize " + resize);
    }
    return new CropDecodingTransform(decoder, null, null, resize, maxRatio);
  }

  @Override
  public FloatImage applyToEncoded(byte[] encoded, SplittableRandom random) throws IOException {
    Optional<JpegHeader> header = JpegHeader.read(encoded);
    if (header.isPresent()) {
      int height = header.get().height();
      int width = header.get().width();
      SourceRegion region = region(height, width, random);
      boolean mirrored = drawFlip(random);
      try {
        return decoder.decodeJpeg(
            encoded, DecodeWindow.plan(height, width, region, decoder.size(), maxRatio), mirrored);
      } catch (IllegalArgumentException | TensorFlowException e) {
        // libjpeg refused it (TensorFlow's InvalidArgument is an IllegalArgumentException), or its
        // header lied: a full decode decides, with the same draws
        return fromPixels(ImageEncoding.decode(encoded, ImageSizeLimit.DEFAULT), region, mirrored);
      }
    }
    DecodedImage decoded = ImageEncoding.decode(encoded, ImageSizeLimit.DEFAULT);
    SourceRegion region = region(decoded.height(), decoded.width(), random);
    return fromPixels(decoded, region, drawFlip(random));
  }

  /** The same preprocessing of an already decoded image (pixels in [0, 1], grey or RGB). */
  @Override
  public FloatImage apply(FloatImage image, SplittableRandom random) {
    if (image.channels() != 1 && image.channels() != 3) {
      throw new IllegalArgumentException("expected a grey or RGB image, got " + image.shape());
    }
    float[] values = image.pixels();
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Math.round(Math.max(0f, Math.min(1f, values[i])) * 255f);
    }
    DecodedImage decoded =
        image.channels() == 1
            ? DecodedImage.grey(image.width(), image.height(), bytes)
            : DecodedImage.rgb(image.width(), image.height(), bytes);
    SourceRegion region = region(image.height(), image.width(), random);
    return fromPixels(decoded, region, drawFlip(random));
  }

  private SourceRegion region(int height, int width, SplittableRandom random) {
    return crop != null
        ? SourceRegion.box(crop.sampleBox(height, width, random))
        : SourceRegion.resizedCenterCrop(height, width, resize, decoder.size());
  }

  private boolean drawFlip(SplittableRandom random) {
    // always drawn first, as RandomHorizontalFlip does, so the stream does not depend on it
    return flip != null && random.nextDouble() < flip.probability();
  }

  /** Copies the plan's window out of decoded pixels (grey replicated to RGB) and resamples it. */
  private FloatImage fromPixels(DecodedImage image, SourceRegion region, boolean mirrored) {
    DecodeWindow plan = DecodeWindow.plan(image.height(), image.width(), region, decoder.size(), 1);
    byte[] source = image.pixels(); // a copy
    int channels = image.channels();
    byte[] window = new byte[plan.height() * plan.width() * 3];
    int out = 0;
    for (int y = plan.top(); y < plan.top() + plan.height(); y++) {
      int row = y * image.width();
      for (int x = plan.left(); x < plan.left() + plan.width(); x++) {
        int at = (row + x) * channels;
        if (channels == 1) {
          window[out++] = source[at];
          window[out++] = source[at];
          window[out++] = source[at];
        } else {
          window[out++] = source[at];
          window[out++] = source[at + 1];
          window[out++] = source[at + 2];
        }
      }
    }
    return decoder.resample(window, plan, mirrored);
  }
}
