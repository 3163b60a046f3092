package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;

/** Small real images for the tests of this package. */
final class TestImages {
  private TestImages() {}

  static byte[] png(int width, int height) {
    return ImageEncoding.encodeGreyPng(new byte[width * height], width, height);
  }

  static byte[] jpeg(int width, int height) {
    return ImageEncoding.encodeJpeg(
        DecodedImage.rgb(width, height, new byte[width * height * 3]), 0.9f);
  }
}
