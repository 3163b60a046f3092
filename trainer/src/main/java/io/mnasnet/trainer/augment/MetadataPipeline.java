package io.mnasnet.trainer.augment;

import io.mnasnet.schemas.ModelMetadata;
import java.util.List;

/**
 * The evaluation preprocessing that an exported model's {@code mnasnet.json} describes ({@link
 * ModelMetadata.Preprocessing}), as an {@link ImageTransform} on images in [0, 1]: grey replicated
 * to RGB, normalised with the metadata's mean and standard deviation, then brought to the input
 * size by padding with the normalised black ({@code pad}) or by a resize and centre crop ({@code
 * resize-center-crop}). For the models this project trains it produces exactly what {@link
 * ImagePipelines#fashionMnistEval} and {@link ImagePipelines#imageNetEval} produce.
 */
public final class MetadataPipeline {

  private MetadataPipeline() {}

  /** The transform described by {@code preprocessing}. */
  public static ImageTransform of(ModelMetadata.Preprocessing preprocessing) {
    Normalization normalization =
        new Normalization(toFloats(preprocessing.mean()), toFloats(preprocessing.std()));
    int size = preprocessing.imageSize();
    return switch (preprocessing.resize()) {
      case ModelMetadata.Preprocessing.RESIZE_PAD ->
          ImageTransform.chain(
              ToRgb.INSTANCE,
              normalization,
              (image, random) ->
                  image.height() > size || image.width() > size
                      ? BilinearResize.resize(image, size, size)
                      : image,
              ImagePipelines.padTo(size, normalization.normalizedBlack()));
      case ModelMetadata.Preprocessing.RESIZE_CENTER_CROP ->
          ImageTransform.chain(
              ToRgb.INSTANCE,
              (image, random) ->
                  BilinearResize.resizeShorterSide(image, preprocessing.resizeSize()),
              (image, random) -> PixelGeometry.centerCrop(image, size, size),
              normalization);
      default ->
          throw new IllegalArgumentException(
              "unknown preprocessing.resize '"
                  + preprocessing.resize()
                  + "' in the model metadata; expected pad or resize-center-crop");
    };
  }

  private static float[] toFloats(List<Double> values) {
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = values.get(i).floatValue();
    }
    return floats;
  }
}
