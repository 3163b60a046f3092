package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ContentType;
import java.util.OptionalInt;

/**
 * Sends the negative of each image ({@code 255 - value}, every channel): a simple, reproducible
 * drift of the input, to watch a served model fail on it and a retrained one recover ({@code
 * produce --invert}). Ids get the suffix {@value #ID_SUFFIX}, so an image and its negative are
 * different records; the label is kept. Re-encoded in its own format (JPEG at quality 0.92).
 */
final class InvertingImageSource implements ImageSource {
  /** Appended to each id. */
  static final String ID_SUFFIX = "-inv";

  private final ImageSource source;

  InvertingImageSource(ImageSource source) {
    this.source = source;
  }

  @Override
  public String description() {
    return source.description() + ", inverted (negatives)";
  }

  @Override
  public OptionalInt size() {
    return source.size();
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public SourceEntry next() {
    SourceEntry entry = source.next();
    if (!(entry instanceof SourceImage image)) {
      return entry;
    }
    try {
      DecodedImage decoded = ImageEncoding.decode(image.data(), ImageSizeLimit.DEFAULT);
      byte[] pixels = decoded.pixels();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (255 - (pixels[i] & 0xff));
      }
      DecodedImage negative =
          decoded.isGrey()
              ? DecodedImage.grey(decoded.width(), decoded.height(), pixels)
              : DecodedImage.rgb(decoded.width(), decoded.height(), pixels);
      byte[] encoded =
          ContentType.JPEG.equals(image.contentType())
              ? ImageEncoding.encodeJpeg(negative, DownscalingImageSource.JPEG_QUALITY)
              : ImageEncoding.encodePng(negative);
      return new SourceImage(
          image.id() + ID_SUFFIX,
          image.name() + " (inverted)",
          image.contentType(),
          encoded,
          image.source(),
          image.attributes());
    } catch (UnreadableImageException | RuntimeException e) {
      return new SkippedInput(image.name(), "cannot invert: " + e.getMessage());
    }
  }
}
