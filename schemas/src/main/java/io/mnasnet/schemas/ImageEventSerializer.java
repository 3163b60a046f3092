package io.mnasnet.schemas;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer of {@link ImageEvent}s in a chosen {@link ImageEventFormat} (default
 * JSON). It sets the {@code content-type} header (and, for RAW, {@code source} and {@code attr.*});
 * the producer must send key = id and timestamp = the event's timestamp ({@link
 * ImageEvent#toProducerRecord} does). Format from the constructor, or from config {@value
 * #FORMAT_CONFIG} ({@code json} or {@code raw}) when created by Kafka by class name.
 */
public class ImageEventSerializer implements Serializer<ImageEvent> {
  /** Config key choosing the format: {@code json} (default) or {@code raw}. */
  public static final String FORMAT_CONFIG = "image.event.format";

  private final ImageEventCodec codec = new ImageEventCodec();
  private ImageEventFormat format;

  /** A JSON serializer (or as configured by {@value #FORMAT_CONFIG}). */
  public ImageEventSerializer() {
    this(ImageEventFormat.JSON);
  }

  public ImageEventSerializer(ImageEventFormat format) {
    this.format = Checks.required(format, "format");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object configured = configs.get(FORMAT_CONFIG);
    if (configured == null) {
      return;
    }
    try {
      format = ImageEventFormat.valueOf(configured.toString().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          FORMAT_CONFIG + " must be 'json' or 'raw', got '" + configured + "'", e);
    }
  }

  public ImageEventFormat format() {
    return format;
  }

  /** JSON only: a raw value needs headers for its content type. */
  @Override
  public byte[] serialize(String topic, ImageEvent event) {
    if (event == null) {
      return null;
    }
    if (format == ImageEventFormat.RAW) {
      throw new SerializationException(
          "the RAW image format carries its content type in a header; call serialize(topic,"
              + " headers, event) (Kafka producers and Streams do)");
    }
    return codec.encodeJson(event);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, ImageEvent event) {
    if (event == null) {
      return null;
    }
    return codec.encode(event, format, headers);
  }
}
