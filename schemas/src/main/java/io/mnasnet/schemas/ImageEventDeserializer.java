package io.mnasnet.schemas;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer of {@link ImageEvent}s in the JSON envelope format.
 *
 * <p>It detects the format of each value ({@link ImageEventCodec#detect}) but can only complete a
 * JSON one: a value deserializer never sees the record key and timestamp, which hold the id and
 * timestamp of a raw value. A raw value is therefore rejected with an {@link
 * InvalidImageEventException} that says so. To read topics that may hold raw values, consume bytes
 * and call {@link ImageEventCodec#decode(String, long, Headers, byte[])} with the record's key and
 * timestamp.
 */
public class ImageEventDeserializer implements Deserializer<ImageEvent> {
  private final ImageEventCodec codec = new ImageEventCodec();

  @Override
  public ImageEvent deserialize(String topic, byte[] data) {
    return deserialize(topic, null, data);
  }

  /**
   * @throws InvalidImageEventException when the value is not a valid JSON envelope, or is raw
   */
  @Override
  public ImageEvent deserialize(String topic, Headers headers, byte[] data) {
    if (data != null && ImageEventCodec.detect(headers, data) == ImageEventFormat.RAW) {
      throw new InvalidImageEventException(
          "invalid image event: a raw image value (no JSON envelope) on topic '"
              + topic
              + "' takes its id and timestamp from the record key and timestamp, which a value"
              + " deserializer cannot see; read it with ImageEventCodec.decode(key, timestamp,"
              + " headers, value)");
    }
    return codec.decodeJson(data);
  }
}
