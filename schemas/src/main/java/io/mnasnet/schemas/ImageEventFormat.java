package io.mnasnet.schemas;

/**
 * How an {@link ImageEvent} is laid out in a Kafka record value. Both formats may be mixed on one
 * topic; {@link ImageEventCodec#detect} tells them apart.
 */
public enum ImageEventFormat {
  /**
   * The JSON envelope of {@code image-event.schema.json}: id, contentType, base64 data, timestamp,
   * source and attributes in the value.
   */
  JSON,
  /**
   * The encoded image bytes as the value; header {@code content-type} (required), {@code source},
   * {@code attr.<name>}; id = record key, timestamp = record timestamp. About 25% smaller than JSON
   * (no base64).
   */
  RAW
}
