package io.mnasnet.schemas;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Why a record is on the dead-letter topic {@code images-dlq}: the error headers of a dead-letter
 * record, whose key and value are the original bytes. The header names and encodings (UTF-8
 * strings; partition and offset in decimal) are those of Kafka Streams' built-in dead-letter queue
 * (KIP-1034), so our records and the built-in ones read alike. Schema: {@code
 * schemas/dead-letter.schema.json}.
 *
 * @param exception class name of the error, e.g. {@code
 *     io.mnasnet.schemas.InvalidImageEventException}
 * @param message human-readable reason (never {@code null}; empty if the error had none)
 * @param topic topic of the original record, or {@code null} when the error had none (e.g. in a
 *     punctuator)
 * @param partition partition of the original record, -1 if none
 * @param offset offset of the original record, -1 if none
 * @param stacktrace stack trace of the error, or {@code null}
 */
public record DeadLetterHeaders(
    String exception, String message, String topic, int partition, long offset, String stacktrace) {

  public static final String EXCEPTION = "__streams.errors.exception";
  public static final String MESSAGE = "__streams.errors.message";
  public static final String STACKTRACE = "__streams.errors.stacktrace";
  public static final String TOPIC = "__streams.errors.topic";
  public static final String PARTITION = "__streams.errors.partition";
  public static final String OFFSET = "__streams.errors.offset";

  /** All header names, required ones first. */
  public static final List<String> NAMES =
      List.of(EXCEPTION, MESSAGE, TOPIC, PARTITION, OFFSET, STACKTRACE);

  public DeadLetterHeaders {
    Checks.nonEmpty(exception, EXCEPTION);
    message = message == null ? "" : message;
    Checks.atLeast(partition, -1, PARTITION);
    Checks.atLeast(offset, -1, OFFSET);
  }

  /** The headers describing {@code error}, raised for the record at topic/partition/offset. */
  public static DeadLetterHeaders of(Throwable error, String topic, int partition, long offset) {
    StringWriter trace = new StringWriter();
    try (PrintWriter out = new PrintWriter(trace)) {
      error.printStackTrace(out);
    }
    return new DeadLetterHeaders(
        error.getClass().getName(), error.getMessage(), topic, partition, offset, trace.toString());
  }

  /** These headers without the stack trace (smaller records; the message usually suffices). */
  public DeadLetterHeaders withoutStacktrace() {
    return new DeadLetterHeaders(exception, message, topic, partition, offset, null);
  }

  /**
   * Adds the error headers to {@code headers} (typically the original record's headers, which the
   * built-in queue keeps too), replacing earlier error headers.
   */
  public Headers writeTo(Headers headers) {
    NAMES.forEach(headers::remove);
    asMap().forEach((name, value) -> headers.add(name, utf8(value)));
    return headers;
  }

  /**
   * Reads the error headers of a dead-letter record; empty when it has none.
   *
   * @throws IllegalArgumentException naming the header when partition or offset is not a number
   */
  public static Optional<DeadLetterHeaders> readFrom(Headers headers) {
    String exception = text(headers, EXCEPTION);
    if (exception == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DeadLetterHeaders(
            exception,
            text(headers, MESSAGE),
            text(headers, TOPIC),
            (int) number(headers, PARTITION),
            number(headers, OFFSET),
            text(headers, STACKTRACE)));
  }

  /**
   * The headers as name to value, in {@link #NAMES} order; absent ({@code null}) values are left
   * out. This is the JSON view {@code dead-letter.schema.json} describes.
   */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(EXCEPTION, exception);
    map.put(MESSAGE, message);
    if (topic != null) {
      map.put(TOPIC, topic);
    }
    map.put(PARTITION, Integer.toString(partition));
    map.put(OFFSET, Long.toString(offset));
    if (stacktrace != null) {
      map.put(STACKTRACE, stacktrace);
    }
    return map;
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static long number(Headers headers, String name) {
    String text = text(headers, name);
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "dead-letter header '" + name + "' must be a decimal number, got '" + text + "'", e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
