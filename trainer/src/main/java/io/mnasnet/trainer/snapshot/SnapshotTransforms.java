package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.Normalization;
import io.mnasnet.trainer.augment.RandomCrop;
import io.mnasnet.trainer.augment.RandomHorizontalFlip;
import io.mnasnet.trainer.augment.RandomResizedCrop;
import io.mnasnet.trainer.augment.ToRgb;
import java.util.List;

/**
 * The training augmentation and evaluation preprocessing of cached images, which are already at the
 * input size ({@link CachedImageGeometry}): evaluation only converts to RGB and normalises, so it
 * computes what serving computes from the original image; training adds what the project's
 * pipelines add for the same kind of preprocessing (a random crop out of padding of an eighth of
 * the side and a flip for {@code pad}, as for Fashion-MNIST; a random-resized crop and a flip for
 * {@code resize-center-crop}, as for ImageNet).
 */
public final class SnapshotTransforms {

  private SnapshotTransforms() {}

  /** Deterministic preprocessing for validation. */
  public static ImageTransform eval(Preprocessing preprocessing) {
    return ImageTransform.chain(ToRgb.INSTANCE, normalization(preprocessing));
  }

  /** Random augmentation for training. */
  public static ImageTransform train(Preprocessing preprocessing) {
    int size = preprocessing.imageSize();
    Normalization normalization = normalization(preprocessing);
    if (Preprocessing.RESIZE_PAD.equals(preprocessing.resize())) {
      return ImageTransform.chain(
          ToRgb.INSTANCE,
          normalization,
          new RandomCrop(size, Math.max(1, size / 8), normalization.normalizedBlack()),
          RandomHorizontalFlip.HALF);
    }
    return ImageTransform.chain(
        ToRgb.INSTANCE,
        RandomResizedCrop.withDefaults(size),
        RandomHorizontalFlip.HALF,
        normalization);
  }

  private static Normalization normalization(Preprocessing preprocessing) {
    return new Normalization(floats(preprocessing.mean()), floats(preprocessing.std()));
  }

  private static float[] floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
