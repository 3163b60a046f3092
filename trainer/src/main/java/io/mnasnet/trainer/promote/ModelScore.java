package io.mnasnet.trainer.promote;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one model did on held-out images: top-1 and top-5 accuracy overall and top-1 per true class.
 * An image the model could not classify (it failed to decode it) counts as wrong.
 *
 * @param images images scored
 * @param top1 images whose top-1 class was the true one
 * @param top5 images whose true class was among the top 5
 * @param failed images the model could not classify
 * @param perClass per true class name: {images, top-1 right}
 */
public record ModelScore(
    long images, long top1, long top5, long failed, Map<String, long[]> perClass) {

  public ModelScore {
    perClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
  }

  /** Top-1 accuracy in [0, 1] (0 without images). */
  public double top1Accuracy() {
    return images == 0 ? 0 : top1 / (double) images;
  }

  /** Top-5 accuracy in [0, 1]. */
  public double top5Accuracy() {
    return images == 0 ? 0 : top5 / (double) images;
  }

  /** Top-1 accuracy on the images of {@code className}, or NaN without any. */
  public double classAccuracy(String className) {
    long[] counts = perClass.get(className);
    return counts == null || counts[0] == 0 ? Double.NaN : counts[1] / (double) counts[0];
  }

  /** Images of {@code className}. */
  public long classImages(String className) {
    long[] counts = perClass.get(className);
    return counts == null ? 0 : counts[0];
  }
}
