package io.mnasnet.trainer.snapshot;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.augment.BilinearResize;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.PixelGeometry;

/**
 * Brings a decoded image to the network's input size the way the model's preprocessing does, before
 * normalisation, so that the cache holds what every epoch would otherwise recompute: {@code pad}
 * centres a smaller image on a black canvas (black pads to the normalised black that serving pads
 * with, since normalisation is per pixel) and resizes a larger one to the input size; {@code
 * resize-center-crop} resizes the shorter side and crops the centre. Thread-safe.
 */
public final class CachedImageGeometry {
  private final Preprocessing preprocessing;
  private final int size;

  public CachedImageGeometry(Preprocessing preprocessing) {
    this.preprocessing = preprocessing;
    this.size = preprocessing.imageSize();
  }

  /** Side of the cached images. */
  public int size() {
    return size;
  }

  /** {@code image} at the input size, in its own channels. */
  public CachedImage prepare(DecodedImage image) {
    return switch (preprocessing.resize()) {
      case Preprocessing.RESIZE_PAD ->
          image.width() <= size && image.height() <= size
              ? padded(image)
              : toBytes(BilinearResize.resize(toFloats(image), size, size));
      case Preprocessing.RESIZE_CENTER_CROP ->
          toBytes(
              PixelGeometry.centerCrop(
                  BilinearResize.resizeShorterSide(toFloats(image), preprocessing.resizeSize()),
                  size,
                  size));
      default ->
          throw new IllegalArgumentException(
              "unknown preprocessing.resize '" + preprocessing.resize() + "'");
    };
  }

  /** Centred on black, the extra pixel (if any) bottom/right, as serving pads. */
  private CachedImage padded(DecodedImage image) {
    int channels = image.channels();
    byte[] source = image.pixels();
    byte[] out = new byte[size * size * channels];
    int top = (size - image.height()) / 2;
    int left = (size - image.width()) / 2;
    int row = image.width() * channels;
    for (int y = 0; y < image.height(); y++) {
      System.arraycopy(source, y * row, out, ((top + y) * size + left) * channels, row);
    }
    return new CachedImage(size, channels, out);
  }

  private static FloatImage toFloats(DecodedImage image) {
    return FloatImage.fromUnsignedBytes(
        image.pixels(), image.height(), image.width(), image.channels());
  }

  private static CachedImage toBytes(FloatImage image) {
    float[] values = image.pixels();
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] * 255f)));
    }
    return new CachedImage(image.height(), image.channels(), out);
  }
}
