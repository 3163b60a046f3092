package io.mnasnet.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A Kafka record as a fuzz input: key, timestamp, headers and value in one byte string, so that the
 * fuzzer mutates all of them and a seed can be written from a real record ({@link #encode}). Any
 * byte string is some record: lengths past the end are cut short, never an exception.
 *
 * <pre>
 * flags (1 byte): bit 0 key null, bit 1 value null, bit 2 timestamp -1, bits 4-7 header count
 * key length (1 byte), key (UTF-8)
 * per header: name length (1 byte), name (UTF-8), value length (1 byte, 255 = null), value
 * value: the rest
 * </pre>
 *
 * @param key the record key as the app reads it (UTF-8), or {@code null}
 * @param timestampMs the record timestamp
 * @param headers the record headers
 * @param value the record value, or {@code null}
 */
public record RecordInput(String key, long timestampMs, Headers headers, byte[] value) {
  private static final int NULL_HEADER_VALUE = 255;
  private static final long TIMESTAMP = 1_767_225_600_000L; // 2026-01-01

  /** The record {@code bytes} describe. */
  public static RecordInput decode(byte[] bytes) {
    Reader in = new Reader(bytes);
    int flags = in.next();
    byte[] key = in.take(in.next());
    Headers headers = new RecordHeaders();
    for (int i = 0, count = flags >>> 4; i < count && in.remaining() > 0; i++) {
      String name = new String(in.take(in.next()), StandardCharsets.UTF_8);
      int length = in.next();
      headers.add(name, length == NULL_HEADER_VALUE ? null : in.take(length));
    }
    byte[] value = in.rest();
    return new RecordInput(
        (flags & 1) != 0 ? null : new String(key, StandardCharsets.UTF_8),
        (flags & 4) != 0 ? -1 : TIMESTAMP,
        headers,
        (flags & 2) != 0 ? null : value);
  }

  /** The bytes of a record with {@code key}, {@code headers} (at most 15) and {@code value}. */
  public static byte[] encode(String key, Headers headers, byte[] value) {
    Header[] all = headers.toArray();
    if (all.length > 15) {
      throw new IllegalArgumentException("at most 15 headers, got " + all.length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((all.length << 4) | (key == null ? 1 : 0) | (value == null ? 2 : 0));
    writeShort(out, key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8));
    for (Header header : all) {
      writeShort(out, header.key().getBytes(StandardCharsets.UTF_8));
      if (header.value() == null) {
        out.write(NULL_HEADER_VALUE);
      } else {
        writeShort(out, header.value());
      }
    }
    if (value != null) {
      out.writeBytes(value);
    }
    return out.toByteArray();
  }

  private static void writeShort(ByteArrayOutputStream out, byte[] bytes) {
    if (bytes.length >= NULL_HEADER_VALUE) {
      throw new IllegalArgumentException("keys and header fields are shorter than 255 bytes here");
    }
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  /** Reads bytes front to back; past the end, lengths are cut and bytes read as 0. */
  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int next() {
      return at < bytes.length ? bytes[at++] & 0xff : 0;
    }

    byte[] take(int length) {
      int end = Math.min(bytes.length, at + length);
      byte[] taken = Arrays.copyOfRange(bytes, at, end);
      at = end;
      return taken;
    }

    byte[] rest() {
      return take(bytes.length - at);
    }

    int remaining() {
      return bytes.length - at;
    }
  }
}
