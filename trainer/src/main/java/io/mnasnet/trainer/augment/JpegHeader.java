package io.mnasnet.trainer.augment;

import java.util.Optional;

/**
 * The size of a JPEG image read from its frame header (the SOF marker), without decoding anything:
 * what the crop-decoding pipeline needs to choose a crop before it decodes.
 *
 * @param height rows, >= 1
 * @param width columns, >= 1
 * @param components colour components (1 grey, 3 YCbCr, 4 CMYK/YCCK)
 */
public record JpegHeader(int height, int width, int components) {

  public JpegHeader {
    if (height < 1 || width < 1 || components < 1) {
      throw new IllegalArgumentException(
          "JPEG frame must be at least 1x1 with a component, got "
              + height
              + "x"
              + width
              + "x"
              + components);
    }
  }

  /**
   * Reads the frame header of {@code bytes}, or empty if they are not a JPEG (no SOI marker) or
   * hold no frame header before the scan starts (truncated or corrupt): callers then decode the
   * whole file another way, which reports the problem.
   */
  public static Optional<JpegHeader> read(byte[] bytes) {
    if (bytes.length < 4 || (bytes[0] & 0xff) != 0xff || (bytes[1] & 0xff) != 0xd8) {
      return Optional.empty();
    }
    int at = 2;
    while (at + 4 <= bytes.length) {
      if ((bytes[at] & 0xff) != 0xff) {
        return Optional.empty();
      }
      int marker = bytes[at + 1] & 0xff;
      if (marker == 0xff) {
        at++; // fill byte before a marker
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2; // markers without a length
        continue;
      }
      if (marker == 0xda || marker == 0xd9) {
        return Optional.empty(); // start of scan or end of image before any frame header
      }
      int length = ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
      if (length < 2) {
        return Optional.empty();
      }
      if (isStartOfFrame(marker)) {
        if (at + 2 + 6 > bytes.length || length < 8) {
          return Optional.empty();
        }
        int height = ((bytes[at + 5] & 0xff) << 8) | (bytes[at + 6] & 0xff);
        int width = ((bytes[at + 7] & 0xff) << 8) | (bytes[at + 8] & 0xff);
        int components = bytes[at + 9] & 0xff;
        // height 0 means "defined by a DNL marker later": rare, left to a full decode
        return height > 0 && width > 0 && components > 0
            ? Optional.of(new JpegHeader(height, width, components))
            : Optional.empty();
      }
      at += 2 + length;
    }
    return Optional.empty();
  }

  /** SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
  }
}
