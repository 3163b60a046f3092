package io.mnasnet.streams.validation;

/**
 * What an image's header says, read without decoding any pixel.
 *
 * @param contentType the detected type, {@code image/png} or {@code image/jpeg}
 * @param width width in pixels, as claimed by the header
 * @param height height in pixels, as claimed by the header
 */
public record ImageHeader(String contentType, int width, int height) {
  /** Width x height, without overflow. */
  public long pixels() {
    return (long) width * height;
  }
}
