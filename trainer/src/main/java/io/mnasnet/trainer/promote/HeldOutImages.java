package io.mnasnet.trainer.promote;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.trainer.augment.EncodedSamples;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.LabelledImage;
import io.mnasnet.trainer.augment.SampleSource;
import java.io.IOException;
import java.util.List;

/**
 * The labelled images a promotion gate scores models on, as encoded bytes, so that every model
 * decodes and preprocesses them itself, exactly as the streaming app would feed it: the original
 * bytes of a snapshot's held-out records, or, for data that keeps no originals, the samples encoded
 * as lossless PNGs.
 */
public interface HeldOutImages {

  /** Number of images. */
  int size();

  /** The true class name of image {@code index}. */
  String trueClass(int index);

  /** The PNG/JPEG bytes of image {@code index}. */
  byte[] encoded(int index) throws IOException;

  /** What the images are, for the report, e.g. {@code 160 held-out records of ...}. */
  String description();

  /** Held-out records that kept their original bytes. */
  static HeldOutImages of(EncodedSamples samples, List<String> classNames, String description) {
    return new HeldOutImages() {
      @Override
      public int size() {
        return samples.size();
      }

      @Override
      public String trueClass(int index) {
        return classNames.get(samples.label(index));
      }

      @Override
      public byte[] encoded(int index) throws IOException {
        return samples.encoded(index);
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  /**
   * Samples without original bytes (Fashion-MNIST, decoded image files): each is encoded as a PNG
   * of its 8-bit pixels, which decodes back to exactly those pixels.
   */
  static HeldOutImages encodingAsPng(
      SampleSource samples, List<String> classNames, String description) {
    if (samples instanceof EncodedSamples encoded) {
      return of(encoded, classNames, description);
    }
    return new HeldOutImages() {
      @Override
      public int size() {
        return samples.size();
      }

      @Override
      public String trueClass(int index) {
        try {
          return classNames.get(samples.load(index).label());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public byte[] encoded(int index) throws IOException {
        LabelledImage sample = samples.load(index);
        return ImageEncoding.encodePng(toBytes(sample.image()));
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  private static DecodedImage toBytes(FloatImage image) {
    float[] values = image.pixels();
    byte[] pixels = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      pixels[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] * 255f)));
    }
    return image.channels() == 1
        ? DecodedImage.grey(image.width(), image.height(), pixels)
        : DecodedImage.rgb(image.width(), image.height(), pixels);
  }
}
