package io.mnasnet.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns {@link ImageEvent}s into record values (+ headers) and back, in both {@link
 * ImageEventFormat}s. Thread-safe.
 *
 * <p>Use {@link #decode(String, long, Headers, byte[])} wherever the record key and timestamp are
 * at hand (a consumer, a Kafka Streams processor): it is the only way to read a raw value, whose id
 * and timestamp live in the key and the record timestamp. Every rejection is an {@link
 * InvalidImageEventException} whose message names the field or header.
 */
public final class ImageEventCodec {
  private final ObjectMapper mapper = ObjectMapperFactory.create();

  /**
   * Which format a value is in: the {@code content-type} header decides when present ({@code
   * application/json} is JSON, anything else raw); without it a value whose first non-blank byte is
   * <code>{</code> is JSON (PNG and JPEG files never start so), anything else raw.
   */
  public static ImageEventFormat detect(Headers headers, byte[] value) {
    String contentType = lastHeader(headers, ImageEventHeaders.CONTENT_TYPE);
    if (contentType != null) {
      return ContentType.normalize(contentType).equals(ContentType.JSON)
          ? ImageEventFormat.JSON
          : ImageEventFormat.RAW;
    }
    if (value != null) {
      for (byte b : value) {
        if (b == '{') {
          return ImageEventFormat.JSON;
        }
        if (!Character.isWhitespace(b)) {
          break;
        }
      }
    }
    return ImageEventFormat.RAW;
  }

  /**
   * Reads an image event in either format.
   *
   * @param key the record key (the id of a raw value; ignored for JSON, whose id is in the value)
   * @param recordTimestampMs the record timestamp (the timestamp of a raw value)
   * @param headers the record headers, may be {@code null} for a JSON value
   * @param value the record value
   * @throws InvalidImageEventException naming the field or header at fault
   */
  public ImageEvent decode(String key, long recordTimestampMs, Headers headers, byte[] value) {
    requireValue(value);
    return detect(headers, value) == ImageEventFormat.JSON
        ? decodeJson(value)
        : decodeRaw(key, recordTimestampMs, headers, value);
  }

  /** Reads a JSON envelope. */
  public ImageEvent decodeJson(byte[] value) {
    requireValue(value);
    JsonNode root;
    try {
      root = mapper.readTree(value);
    } catch (JsonProcessingException e) {
      throw invalid(
          "value is not a complete JSON envelope (truncated or malformed JSON): "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw invalid("value could not be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("value must be a JSON object (the envelope), got " + describe(root), null);
    }
    String id = text(root, "id", true);
    String contentType = text(root, "contentType", true);
    byte[] data;
    try {
      data = Base64.getDecoder().decode(text(root, "data", true));
    } catch (IllegalArgumentException e) {
      throw invalid("field 'data' is not valid base64: " + e.getMessage(), e);
    }
    long timestamp = integer(root, "timestamp");
    String source = text(root, "source", false);
    Map<String, String> attributes = attributes(root);
    return create(id, contentType, data, timestamp, source, attributes);
  }

  /**
   * Reads a raw value.
   *
   * @throws InvalidImageEventException when the key (the id) or header {@code content-type} is
   *     missing, the content type is unsupported or the value empty
   */
  public ImageEvent decodeRaw(String key, long recordTimestampMs, Headers headers, byte[] value) {
    requireValue(value);
    if (key == null || key.isEmpty()) {
      throw invalid(
          "a raw image value needs the image id as its record key; the key is empty", null);
    }
    String contentType = lastHeader(headers, ImageEventHeaders.CONTENT_TYPE);
    if (contentType == null) {
      throw invalid(
          "missing header '"
              + ImageEventHeaders.CONTENT_TYPE
              + "': a raw image value needs it ("
              + String.join(" or ", ContentType.SUPPORTED)
              + "), or send a JSON envelope",
          null);
    }
    if (recordTimestampMs < 0) {
      throw invalid(
          "a raw image value takes its timestamp from the record timestamp, which is missing ("
              + recordTimestampMs
              + ")",
          null);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Header header : headers) {
      if (header.key().startsWith(ImageEventHeaders.ATTRIBUTE_PREFIX)) {
        attributes.put(
            header.key().substring(ImageEventHeaders.ATTRIBUTE_PREFIX.length()),
            header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    String source = lastHeader(headers, ImageEventHeaders.SOURCE);
    try {
      return new ImageEvent(key, contentType, value, recordTimestampMs, source, attributes);
    } catch (IllegalArgumentException e) {
      throw invalid(
          e.getMessage()
              .replace("'contentType'", "header '" + ImageEventHeaders.CONTENT_TYPE + "'")
              .replace("'id'", "record key (the id)"),
          e);
    }
  }

  /** The JSON envelope of an event (no headers involved). */
  public byte[] encodeJson(ImageEvent event) {
    ObjectNode root = mapper.createObjectNode();
    root.put("id", event.id());
    root.put("contentType", event.contentType());
    root.put("data", Base64.getEncoder().encodeToString(event.data()));
    root.put("timestamp", event.timestampMs());
    if (event.source() != null) {
      root.put("source", event.source());
    }
    if (!event.attributes().isEmpty()) {
      ObjectNode attributes = root.putObject("attributes");
      event.attributes().forEach(attributes::put);
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree, which cannot happen", e);
    }
  }

  /**
   * Encodes an event as a record value and sets its headers (replacing earlier ones of the same
   * names). The caller must send the record with key = {@code event.id()} and timestamp = {@code
   * event.timestampMs()}, see {@link ImageEvent#toProducerRecord}.
   */
  public byte[] encode(ImageEvent event, ImageEventFormat format, Headers headers) {
    if (format == ImageEventFormat.JSON) {
      headers.remove(ImageEventHeaders.CONTENT_TYPE);
      headers.add(ImageEventHeaders.CONTENT_TYPE, utf8(ContentType.JSON));
      return encodeJson(event);
    }
    List<String> stale = new ArrayList<>();
    for (Header header : headers) {
      if (header.key().startsWith(ImageEventHeaders.ATTRIBUTE_PREFIX)) {
        stale.add(header.key());
      }
    }
    stale.add(ImageEventHeaders.CONTENT_TYPE);
    stale.add(ImageEventHeaders.SOURCE);
    stale.forEach(headers::remove);
    headers.add(ImageEventHeaders.CONTENT_TYPE, utf8(event.contentType()));
    if (event.source() != null) {
      headers.add(ImageEventHeaders.SOURCE, utf8(event.source()));
    }
    event
        .attributes()
        .forEach(
            (name, value) -> headers.add(ImageEventHeaders.ATTRIBUTE_PREFIX + name, utf8(value)));
    return event.data();
  }

  private static ImageEvent create(
      String id,
      String contentType,
      byte[] data,
      long timestamp,
      String source,
      Map<String, String> attributes) {
    try {
      return new ImageEvent(id, contentType, data, timestamp, source, attributes);
    } catch (IllegalArgumentException e) {
      throw invalid("field " + e.getMessage(), e);
    }
  }

  private static void requireValue(byte[] value) {
    if (value == null) {
      throw invalid("value is null (a tombstone?); expected an image or a JSON envelope", null);
    }
    if (value.length == 0) {
      throw invalid("value is empty; expected an image or a JSON envelope", null);
    }
  }

  private static String text(JsonNode root, String field, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw invalid("missing required field '" + field + "'", null);
      }
      return null;
    }
    if (!node.isTextual()) {
      throw invalid("field '" + field + "' must be a string, got " + describe(node), null);
    }
    return node.textValue();
  }

  private static long integer(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw invalid("missing required field '" + field + "'", null);
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw invalid(
          "field '" + field + "' must be an integer (epoch millis), got " + describe(node), null);
    }
    return node.longValue();
  }

  private static Map<String, String> attributes(JsonNode root) {
    JsonNode node = root.get("attributes");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid("field 'attributes' must be an object, got " + describe(node), null);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw invalid(
            "field 'attributes."
                + entry.getKey()
                + "' must be a string, got "
                + describe(entry.getValue()),
            null);
      }
      attributes.put(entry.getKey(), entry.getValue().textValue());
    }
    return attributes;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }

  private static String lastHeader(Headers headers, String name) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static InvalidImageEventException invalid(String reason, Throwable cause) {
    return new InvalidImageEventException("invalid image event: " + reason, cause);
  }
}
