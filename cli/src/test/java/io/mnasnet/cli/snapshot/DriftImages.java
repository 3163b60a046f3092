package io.mnasnet.cli.snapshot;

import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Real Fashion-MNIST images (the trainer's bundled 1,000-image sample) and their negatives, a drift
 * the shipped model does not know, as records of the event contract; the shipped model copied as a
 * model directory; accuracy over predictions.
 */
final class DriftImages {
  /** The shipped model directory (numbered versions), relative to the cli module. */
  static final Path SHIPPED_MODEL =
      Path.of("").toAbsolutePath().getParent().resolve("models/fashion-mnist/mnasnet0_5");

  private static LabelledImages sample;

  private DriftImages() {}

  static synchronized LabelledImages sample() {
    if (sample == null) {
      try {
        sample = FashionMnist.loadSample();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sample;
  }

  /** Image {@code index} of the sample as a PNG, or its negative. */
  static byte[] png(int index, boolean inverted) {
    byte[] pixels = sample().image(index);
    if (inverted) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (255 - (pixels[i] & 0xff));
      }
    }
    return ImageEncoding.encodeGreyPng(pixels, 28, 28);
  }

  /** Its true class index. */
  static int label(int index) {
    return sample().label(index);
  }

  /**
   * A record of image {@code index} with key {@code id}: raw with header {@code attr.label} = the
   * class index, or a JSON envelope with {@code attributes.label} = the class name.
   */
  static ProducerRecord<byte[], byte[]> record(
      String topic, String id, int index, boolean inverted, ImageEventFormat format) {
    String label =
        format == ImageEventFormat.RAW
            ? Integer.toString(label(index))
            : FashionMnist.CLASS_NAMES.get(label(index));
    return record(
        topic, id, png(index, inverted), Map.of(ImageEvent.LABEL_ATTRIBUTE, label), format);
  }

  /** A record of {@code png} with {@code attributes}, key {@code id}. */
  static ProducerRecord<byte[], byte[]> record(
      String topic,
      String id,
      byte[] png,
      Map<String, String> attributes,
      ImageEventFormat format) {
    long now = System.currentTimeMillis();
    RecordHeaders headers = new RecordHeaders();
    byte[] value =
        new ImageEventCodec()
            .encode(
                new ImageEvent(id, ContentType.PNG, png, now, "test", attributes), format, headers);
    return new ProducerRecord<>(
        topic, null, now, id.getBytes(StandardCharsets.UTF_8), value, headers);
  }

  /**
   * A PNG whose header claims {@code width x height} grey pixels; its data is a few bytes. Decoders
   * that read the header first refuse it without allocating anything.
   */
  static byte[] pngClaiming(int width, int height) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A record whose value is text, with {@code content-type: text/plain}: no image event. */
  static ProducerRecord<byte[], byte[]> text(String topic, String id, String text) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, "text/plain".getBytes(StandardCharsets.UTF_8));
    headers.add(
        ImageEventHeaders.ATTRIBUTE_PREFIX + ImageEvent.LABEL_ATTRIBUTE,
        "0".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic,
        null,
        System.currentTimeMillis(),
        id.getBytes(StandardCharsets.UTF_8),
        text.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** A copy of the shipped model directory at {@code target} ({@code target/1/}). */
  static Path copyOfShippedModel(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(SHIPPED_MODEL)) {
      for (Path source : files.toList()) {
        Path copy = target.resolve(SHIPPED_MODEL.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
    return target;
  }

  /** Top-1 accuracy of the predictions whose key {@code ids} accepts. */
  static Accuracy accuracy(
      Collection<ConsumerRecord<String, Prediction>> predictions, Predicate<String> ids) {
    List<Prediction> chosen =
        predictions.stream().filter(r -> ids.test(r.key())).map(ConsumerRecord::value).toList();
    long right = chosen.stream().filter(p -> p.top1MatchesTrueLabel().orElse(false)).count();
    return new Accuracy(chosen.size(), right);
  }

  /** Right predictions of a group. */
  record Accuracy(long images, long right) {
    double value() {
      return images == 0 ? 0 : right / (double) images;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.1f%% of %d", 100 * value(), images);
    }
  }
}
