package io.mnasnet.trainer.augment;

/**
 * A batch ready to feed: images as one NHWC float array and their labels.
 *
 * @param index position of the batch in its {@link BatchPlan}
 * @param size number of images (the last batch of an evaluation pass may be smaller)
 * @param height image height
 * @param width image width
 * @param channels image channels
 * @param images {@code size * height * width * channels} values, NHWC
 * @param labels {@code size} class indices
 */
public record Batch(
    int index, int size, int height, int width, int channels, float[] images, int[] labels) {

  /** The TensorFlow shape of {@link #images()}: {@code [size, height, width, channels]}. */
  public long[] shape() {
    return new long[] {size, height, width, channels};
  }
}
