package io.mnasnet.trainer.augment;

/**
 * The rectangle of an image that a square output is resampled from, in the original image's pixel
 * coordinates (pixel {@code (y, x)} covers {@code [y, y+1) x [x, x+1)}); fractional edges are
 * allowed.
 *
 * <p>Two torchvision operations are each one such rectangle:
 *
 * <ul>
 *   <li>{@code RandomResizedCrop}: the sampled box; torchvision crops first, so the resampling
 *       filter sees nothing outside it ({@code readsAround} false);
 *   <li>{@code Resize(r)} then {@code CenterCrop(s)}: the part of the image that lands in the crop;
 *       torchvision resizes the whole image first, so the filter near the crop's edges also reads
 *       the pixels just outside it ({@code readsAround} true).
 * </ul>
 *
 * @param top first row, >= 0
 * @param left first column, >= 0
 * @param height rows covered, > 0
 * @param width columns covered, > 0
 * @param readsAround whether the resampling filter may read pixels outside the rectangle
 */
public record SourceRegion(
    double top, double left, double height, double width, boolean readsAround) {

  public SourceRegion {
    if (!(top >= 0 && left >= 0 && height > 0 && width > 0)) {
      throw new IllegalArgumentException(
          "a source region needs top, left >= 0 and a positive size, got "
              + top
              + ", "
              + left
              + ", "
              + height
              + "x"
              + width);
    }
  }

  /** A crop box of {@link RandomResizedCrop}: nothing outside it is read. */
  public static SourceRegion box(RandomResizedCrop.Box box) {
    return new SourceRegion(box.top(), box.left(), box.height(), box.width(), false);
  }

  /**
   * What torchvision's {@code Resize(resize)} + {@code CenterCrop(size)} keep of an {@code
   * imageHeight x imageWidth} image: the shorter side is scaled to {@code resize}, the longer one
   * to {@code int(resize * long / short)}, and the crop offset is {@code round((side - size) / 2)}
   * (half to even), as torchvision computes them.
   */
  public static SourceRegion resizedCenterCrop(
      int imageHeight, int imageWidth, int resize, int size) {
    if (size > resize) {
      throw new IllegalArgumentException(
          "crop size " + size + " must not exceed the resize " + resize);
    }
    int shorter = Math.min(imageHeight, imageWidth);
    int newHeight = (int) ((long) resize * imageHeight / shorter);
    int newWidth = (int) ((long) resize * imageWidth / shorter);
    double scaleY = newHeight / (double) imageHeight;
    double scaleX = newWidth / (double) imageWidth;
    double top = Math.rint((newHeight - size) / 2.0);
    double left = Math.rint((newWidth - size) / 2.0);
    return new SourceRegion(top / scaleY, left / scaleX, size / scaleY, size / scaleX, true);
  }
}
