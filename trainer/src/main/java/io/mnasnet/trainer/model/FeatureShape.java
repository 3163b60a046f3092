package io.mnasnet.trainer.model;

/**
 * The shape of one image's feature map, NHWC without the batch dimension.
 *
 * @param height rows
 * @param width columns
 * @param channels channels
 */
public record FeatureShape(int height, int width, int channels) {

  /** The input of a network: a square RGB image. */
  public static FeatureShape image(int size) {
    return new FeatureShape(size, size, 3);
  }

  /** Number of values in the feature map. */
  public long elements() {
    return (long) height * width * channels;
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
