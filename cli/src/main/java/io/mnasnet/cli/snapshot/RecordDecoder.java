package io.mnasnet.cli.snapshot;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.ImageTooLargeException;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.InvalidImageEventException;
import io.mnasnet.trainer.snapshot.CachedImage;
import io.mnasnet.trainer.snapshot.CachedImageGeometry;
import io.mnasnet.trainer.snapshot.ClassLabels;
import io.mnasnet.trainer.snapshot.SkipReason;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one record of a snapshot into what the cache keeps, or a reason to skip it: the event in
 * either format of the contract ({@link ImageEventCodec}: raw PNG/JPEG with a {@code content-type}
 * header, or the JSON envelope), its class from {@code attr.label} / {@code attributes.label} (a
 * name or an index of the class list), its image decoded (refused unread above the size limit) and
 * brought to the input size. Thread-safe: the reader runs it on several threads.
 */
final class RecordDecoder {

  /** What became of a record. */
  sealed interface Outcome {}

  /**
   * A usable record.
   *
   * @param id its image id
   * @param label its label as written
   * @param heldOut whether it is held out for validation
   * @param image its pixels at the input size
   * @param original its encoded bytes (held-out records only, else null)
   */
  record Used(String id, String label, boolean heldOut, CachedImage image, byte[] original)
      implements Outcome {}

  /**
   * A record not used.
   *
   * @param id its id, if it has one
   * @param label its label, if it has one
   * @param reason why
   * @param detail what exactly, for messages
   */
  record Skipped(String id, String label, SkipReason reason, String detail) implements Outcome {}

  private final ImageEventCodec codec = new ImageEventCodec();
  private final ClassLabels classes;
  private final CachedImageGeometry geometry;
  private final ImageSizeLimit sizeLimit;
  private final HoldOut holdOut;

  /** Whether a record is held out for validation, by its topic and image id. */
  @FunctionalInterface
  interface HoldOut {
    boolean heldOut(String topic, String id);

    /** Records of the topics {@code heldOutTopics} accepts. */
    static HoldOut byTopic(Predicate<String> heldOutTopics) {
      return (topic, id) -> heldOutTopics.test(topic);
    }
  }

  RecordDecoder(
      ClassLabels classes,
      CachedImageGeometry geometry,
      ImageSizeLimit sizeLimit,
      HoldOut holdOut) {
    this.classes = classes;
    this.geometry = geometry;
    this.sizeLimit = sizeLimit;
    this.holdOut = holdOut;
  }

  Outcome decode(ConsumerRecord<byte[], byte[]> record) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    ImageEvent event;
    try {
      event = codec.decode(key, record.timestamp(), record.headers(), record.value());
    } catch (InvalidImageEventException e) {
      return new Skipped(key, null, SkipReason.NOT_AN_IMAGE_EVENT, e.getMessage());
    }
    String label = event.label().map(String::strip).orElse("");
    if (label.isEmpty()) {
      return new Skipped(
          event.id(), null, SkipReason.NO_LABEL, "no attr.label header or attributes.label field");
    }
    if (!classes.matches(label)) {
      return new Skipped(
          event.id(),
          label,
          SkipReason.UNKNOWN_LABEL,
          "label '" + label + "' is neither a class name nor an index of " + classes);
    }
    DecodedImage image;
    try {
      image = ImageEncoding.decode(event.data(), sizeLimit);
    } catch (ImageTooLargeException e) {
      return new Skipped(event.id(), label, SkipReason.IMAGE_TOO_LARGE, e.getMessage());
    } catch (UnreadableImageException e) {
      return new Skipped(event.id(), label, SkipReason.UNDECODABLE_IMAGE, e.getMessage());
    }
    boolean heldOut = holdOut.heldOut(record.topic(), event.id());
    return new Used(
        event.id(), label, heldOut, geometry.prepare(image), heldOut ? event.data() : null);
  }
}
