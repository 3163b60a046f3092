package io.mnasnet.inference.image;

import java.util.Optional;

/**
 * How large an image may be before it is decoded, judged from its {@link ImageHeader}: a small PNG
 * can declare 50,000 x 50,000 pixels, and decoding it would allocate gigabytes. The decoders' work
 * grows with the pixels (and with a progressive JPEG's scans, capped at {@link #MAX_JPEG_SCANS}),
 * so this limit also bounds the CPU an image can cost, whatever its bytes do inside (a PNG whose
 * compressed data inflates 1000x is still no more than its pixels).
 *
 * <p>One limit for every place that decodes: the streaming app builds it from {@code
 * max.image.pixels} and passes it to its validation and to the engine that loads the model; the
 * commands that read a user's files use {@link #DEFAULT}.
 *
 * @param maxPixels largest accepted {@code width * height}
 */
public record ImageSizeLimit(long maxPixels) {

  /** 4096 x 4096 pixels: far above any input this model needs (the app's default too). */
  public static final ImageSizeLimit DEFAULT = new ImageSizeLimit(4096L * 4096L);

  /**
   * Most scans a JPEG may have: about ten times what encoders write (libjpeg's progressive script:
   * 10 scans for colour, 6 for grey), one tenth of what made a 4096x4096 image cost 8 s of CPU.
   */
  public static final int MAX_JPEG_SCANS = 100;

  public ImageSizeLimit {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
  }

  /** Why an image of {@code header}'s size must not be decoded, or empty if it may be. */
  public Optional<String> pixelRefusal(ImageHeader header) {
    if (header.pixels() <= maxPixels) {
      return Optional.empty();
    }
    return Optional.of(
        "the image header claims "
            + header.width()
            + "x"
            + header.height()
            + " = "
            + header.pixels()
            + " pixels, above the limit of "
            + maxPixels
            + " pixels; not decoded");
  }

  /** Why a JPEG of {@code header}'s scans must not be decoded, or empty if it may be. */
  public Optional<String> scanRefusal(ImageHeader header) {
    if (header.scans() <= MAX_JPEG_SCANS) {
      return Optional.empty();
    }
    return Optional.of(
        "the JPEG has more than "
            + MAX_JPEG_SCANS
            + " scans (each one a pass of the decoder over all "
            + header.pixels()
            + " pixels; encoders write at most about a dozen); not decoded");
  }

  /** Why an image of {@code header} must not be decoded (size first), or empty if it may be. */
  public Optional<String> refusal(ImageHeader header) {
    return pixelRefusal(header).or(() -> scanRefusal(header));
  }

  /**
   * Why {@code encoded} must not be decoded, or empty if it may be: it is not a PNG or JPEG, its
   * header cannot be read, or the header is refused. What an engine's encoded path asks of each
   * image before handing it to a decoder.
   */
  public Optional<String> refusal(byte[] encoded) {
    try {
      return refusal(ImageHeaderReader.read(encoded));
    } catch (UnreadableImageException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * @throws ImageTooLargeException saying why, if an image of {@code header} must not be decoded
   */
  public void check(ImageHeader header) throws ImageTooLargeException {
    Optional<String> refusal = refusal(header);
    if (refusal.isPresent()) {
      throw new ImageTooLargeException(refusal.get());
    }
  }
}
