package io.mnasnet.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One encoded image on topic {@code images-in}. Schema: {@code schemas/image-event.schema.json}.
 *
 * <p>Only the envelope is validated here (id, supported content type, non-empty bytes, timestamp);
 * whether the bytes decode to pixels is the streaming app's job. The bytes are copied in and out,
 * so an instance is immutable.
 *
 * @param id image id; also the record key
 * @param contentType {@code image/png} or {@code image/jpeg} (normalized to lower case)
 * @param data the encoded image (PNG or JPEG file bytes), not empty
 * @param timestampMs when the image was produced, epoch millis; JSON field {@code timestamp}
 * @param source where the image came from (camera, file, tool), or {@code null}
 * @param attributes free-form string attributes, never {@code null}; {@value #LABEL_ATTRIBUTE}
 *     holds the known true class index when there is one
 */
public record ImageEvent(
    String id,
    String contentType,
    byte[] data,
    @JsonProperty("timestamp") long timestampMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String source,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes) {

  /** Attribute holding the known true class index (e.g. {@code "9"}), used to report accuracy. */
  public static final String LABEL_ATTRIBUTE = "label";

  public ImageEvent {
    Checks.nonEmpty(id, "id");
    contentType = ContentType.requireSupported(contentType, "contentType");
    Checks.required(data, "data");
    if (data.length == 0) {
      throw new IllegalArgumentException("'data' must not be empty");
    }
    data = data.clone();
    Checks.atLeast(timestampMs, 0, "timestamp");
    if (source != null) {
      Checks.nonEmpty(source, "source");
    }
    attributes = Checks.stringMap(attributes, "attributes");
  }

  /** An event without source and attributes. */
  public static ImageEvent of(String id, String contentType, byte[] data, long timestampMs) {
    return new ImageEvent(id, contentType, data, timestampMs, null, Map.of());
  }

  /** A copy of the encoded image bytes. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The known true class label ({@value #LABEL_ATTRIBUTE} attribute), if any. */
  public Optional<String> label() {
    return Optional.ofNullable(attributes.get(LABEL_ATTRIBUTE));
  }

  /**
   * A record for {@code topic} with key = {@link #id()} and timestamp = {@link #timestampMs()}, as
   * the contract requires (a raw value carries id and timestamp only there).
   */
  public ProducerRecord<String, ImageEvent> toProducerRecord(String topic) {
    return new ProducerRecord<>(topic, null, timestampMs, id, this);
  }

  // byte[] has identity equality; an event is a value, so compare contents.
  @Override
  public boolean equals(Object other) {
    return other instanceof ImageEvent that
        && timestampMs == that.timestampMs
        && id.equals(that.id)
        && contentType.equals(that.contentType)
        && Arrays.equals(data, that.data)
        && Objects.equals(source, that.source)
        && attributes.equals(that.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, contentType, Arrays.hashCode(data), timestampMs, source, attributes);
  }

  @Override
  public String toString() {
    return "ImageEvent[id=%s, contentType=%s, data=%d bytes, timestampMs=%d, source=%s, attributes=%s]"
        .formatted(id, contentType, data.length, timestampMs, source, attributes);
  }
}
