package io.mnasnet.streams.batching;

import io.mnasnet.schemas.Prediction.SourcePosition;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated image waiting in the batch buffer for its micro-batch: everything a prediction needs
 * later, including the encoded image (smaller than its pixels, and independent of the model that
 * will classify it, so a hot reload to a model with another input size is harmless).
 *
 * @param key the input record key, which is also the prediction's key
 * @param id the image id
 * @param contentType {@code image/png} or {@code image/jpeg}
 * @param data the encoded image
 * @param eventTimestampMs the event's timestamp (latencies are measured from it)
 * @param recordTimestampMs the input record's timestamp, given to the prediction record
 * @param trueLabel the event's {@code label} attribute, or {@code null}
 * @param source where the input record was read
 * @param bufferedAtMs wall-clock time the image entered the buffer (the linger is measured from it)
 */
public record PendingImage(
    String key,
    String id,
    String contentType,
    byte[] data,
    long eventTimestampMs,
    long recordTimestampMs,
    String trueLabel,
    SourcePosition source,
    long bufferedAtMs) {

  public PendingImage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(source, "source");
  }

  // byte[] has identity equality; compare contents (store round trips are tested).
  @Override
  public boolean equals(Object other) {
    return other instanceof PendingImage that
        && key.equals(that.key)
        && id.equals(that.id)
        && contentType.equals(that.contentType)
        && Arrays.equals(data, that.data)
        && eventTimestampMs == that.eventTimestampMs
        && recordTimestampMs == that.recordTimestampMs
        && Objects.equals(trueLabel, that.trueLabel)
        && source.equals(that.source)
        && bufferedAtMs == that.bufferedAtMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, id, Arrays.hashCode(data), source);
  }

  @Override
  public String toString() {
    return "PendingImage[key=%s, id=%s, %s, %d bytes, source=%s]"
        .formatted(key, id, contentType, data.length, source);
  }
}
