package io.mnasnet.trainer.snapshot;

/**
 * One image as the snapshot cache keeps it: 8-bit pixels already brought to the network's input
 * size (so epochs decode and resize nothing), in the channels it came with (grey stays one byte per
 * pixel).
 *
 * @param size side of the square image
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels {@code size * size * channels} bytes, row-major, channels interleaved
 */
public record CachedImage(int size, int channels, byte[] pixels) {
  public CachedImage {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (pixels.length != size * size * channels) {
      throw new IllegalArgumentException(
          "a %dx%dx%d image needs %d bytes, got %d"
              .formatted(size, size, channels, size * size * channels, pixels.length));
    }
  }
}
