package io.mnasnet.streams;

import io.mnasnet.inference.image.HostileImages;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Real Fashion-MNIST test images as PNG events, and the bad inputs the pipeline must refuse. */
public final class TestImages {
  private static LabelledImages sample;

  private TestImages() {}

  /** One labelled PNG. */
  public record LabelledPng(String id, byte[] png, int label) {
    public ImageEvent event(long timestampMs) {
      return new ImageEvent(
          id,
          ContentType.PNG,
          png,
          timestampMs,
          "test",
          Map.of(ImageEvent.LABEL_ATTRIBUTE, Integer.toString(label)));
    }

    /** A record in {@code format}, key = id. */
    public ProducerRecord<byte[], byte[]> record(
        String topic, ImageEventFormat format, long timestampMs) {
      RecordHeaders headers = new RecordHeaders();
      byte[] value = new ImageEventCodec().encode(event(timestampMs), format, headers);
      return new ProducerRecord<>(
          topic, null, timestampMs, id.getBytes(StandardCharsets.UTF_8), value, headers);
    }
  }

  /**
   * The first {@code count} images of the Fashion-MNIST test split as PNGs, ids {@code prefix-i}.
   */
  public static List<LabelledPng> fashionMnist(int count, String prefix) {
    LabelledImages images = sample();
    List<LabelledPng> pngs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pngs.add(
          new LabelledPng(
              prefix + "-" + i,
              ImageEncoding.encodeGreyPng(images.image(i % images.size()), 28, 28),
              images.label(i % images.size())));
    }
    return pngs;
  }

  private static synchronized LabelledImages sample() {
    if (sample == null) {
      try {
        sample = FashionMnist.loadSample();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sample;
  }

  /** A PNG whose header claims {@code width x height} 8-bit grey pixels; the data is one row. */
  public static byte[] pngClaiming(int width, int height) {
    return HostileImages.pngClaiming(width, height);
  }

  /** The first half of a real PNG: the header is intact, the pixel data cut off. */
  public static byte[] truncatedPng() {
    byte[] png = fashionMnist(1, "t").get(0).png();
    return Arrays.copyOf(png, png.length / 2);
  }
}
