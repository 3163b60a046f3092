package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * The standard preprocessing pipelines, input images in [0, 1] (see {@link
 * FloatImage#fromUnsignedBytes}), output normalised, in the shape the network is trained on.
 *
 * <ul>
 *   <li>Fashion-MNIST (28x28 grey to 32x32): training normalises, pads to 32 with the normalised
 *       black value, takes a random 32x32 crop out of 4 more pixels of padding on each side, and
 *       flips horizontally; evaluation only normalises and pads.
 *   <li>ImageNet-style folders: training takes a random-resized crop (scale 0.08-1, ratio 3/4-4/3)
 *       and flips; evaluation resizes the shorter side to 256 and center-crops 224. Both normalise
 *       with the ImageNet statistics.
 * </ul>
 */
public final class ImagePipelines {

  /** Side of Fashion-MNIST images as stored. */
  public static final int FASHION_MNIST_SOURCE_SIZE = 28;

  /** Side the network sees for Fashion-MNIST (MnasNet downsamples by 32). */
  public static final int FASHION_MNIST_SIZE = 32;

  /** Translation range of the Fashion-MNIST random crop. */
  public static final int FASHION_MNIST_CROP_PADDING = 4;

  /** Side the network sees for ImageNet. */
  public static final int IMAGENET_SIZE = 224;

  /** Shorter side before the evaluation center crop. */
  public static final int IMAGENET_EVAL_RESIZE = 256;

  private ImagePipelines() {}

  /**
   * Fashion-MNIST training augmentation.
   *
   * @param outputChannels 1 to keep grey, 3 to replicate into RGB
   */
  public static ImageTransform fashionMnistTrain(int outputChannels) {
    Normalization normalization = Normalization.FASHION_MNIST;
    float[] black = normalization.normalizedBlack();
    return ImageTransform.chain(
        normalization,
        padTo(FASHION_MNIST_SIZE, black),
        new RandomCrop(FASHION_MNIST_SIZE, FASHION_MNIST_CROP_PADDING, black),
        RandomHorizontalFlip.HALF,
        channels(outputChannels));
  }

  /** Fashion-MNIST evaluation preprocessing: normalise and pad to 32. */
  public static ImageTransform fashionMnistEval(int outputChannels) {
    Normalization normalization = Normalization.FASHION_MNIST;
    return ImageTransform.chain(
        normalization,
        padTo(FASHION_MNIST_SIZE, normalization.normalizedBlack()),
        channels(outputChannels));
  }

  /** ImageNet training augmentation at {@code size} (224 for MnasNet). */
  public static ImageTransform imageNetTrain(int size) {
    return ImageTransform.chain(
        ToRgb.INSTANCE,
        RandomResizedCrop.withDefaults(size),
        RandomHorizontalFlip.HALF,
        Normalization.IMAGENET);
  }

  /** ImageNet evaluation: shorter side to {@code resize}, center crop {@code size}. */
  public static ImageTransform imageNetEval(int resize, int size) {
    if (size > resize) {
      throw new IllegalArgumentException(
          "crop size " + size + " must not exceed the resize " + resize);
    }
    return ImageTransform.chain(
        ToRgb.INSTANCE,
        (image, random) -> BilinearResize.resizeShorterSide(image, resize),
        (image, random) -> PixelGeometry.centerCrop(image, size, size),
        Normalization.IMAGENET);
  }

  /** Pads symmetrically (extra pixel at the bottom/right when odd) up to {@code size}. */
  static ImageTransform padTo(int size, float[] fill) {
    return (FloatImage image, SplittableRandom random) -> {
      if (image.height() > size || image.width() > size) {
        throw new IllegalArgumentException(
            "image " + image.shape() + " is larger than the padded size " + size);
      }
      int top = (size - image.height()) / 2;
      int left = (size - image.width()) / 2;
      return PixelGeometry.crop(image, -top, -left, size, size, fill);
    };
  }

  private static ImageTransform channels(int outputChannels) {
    return switch (outputChannels) {
      case 1 -> (image, random) -> image;
      case 3 -> ToRgb.INSTANCE;
      default ->
          throw new IllegalArgumentException(
              "outputChannels must be 1 or 3, got " + outputChannels);
    };
  }
}
