package io.mnasnet.trainer.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the safetensors format (https://github.com/huggingface/safetensors): an unsigned 64-bit
 * little-endian header length N, N bytes of JSON mapping each tensor name to {@code {"dtype",
 * "shape", "data_offsets": [begin, end]}} (offsets relative to the end of the header) plus an
 * optional {@code "__metadata__"} string map, then the raw little-endian tensor data.
 *
 * <p>Everything is validated before it is used, so a corrupt or hostile file fails with a {@link
 * SafetensorsFormatException} naming the file and the tensor, never with an out-of-memory error:
 * the header length is checked against the file size, each tensor's byte range must lie inside the
 * data area and match its shape and dtype, and, as the format requires, the tensors must cover the
 * data area exactly, without overlaps or holes.
 *
 * <p>The whole file is held in memory (files up to 2 GiB); tensors are views into it.
 */
public final class Safetensors {
  /** The same limit as the reference implementation: a header larger than this is corrupt. */
  public static final int MAX_HEADER_BYTES = 100_000_000;

  private static final int LENGTH_PREFIX_BYTES = 8;
  private static final String METADATA_KEY = "__metadata__";
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Safetensors() {}

  /** Reads and validates the file at {@code file}. */
  public static SafetensorsFile read(Path file) throws IOException {
    String source = file.toString();
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 8) {
      throw new SafetensorsFormatException(
          "%s: %d bytes; files larger than 2 GiB are not supported".formatted(source, size));
    }
    return parse(Files.readAllBytes(file), source);
  }

  /** Reads all of {@code in} (e.g. a classpath resource) and parses it; does not close it. */
  public static SafetensorsFile read(InputStream in, String source) throws IOException {
    return parse(in.readAllBytes(), source);
  }

  /**
   * Parses a complete safetensors file held in {@code content}. The returned tensors are views into
   * {@code content}, which must not be modified afterwards.
   *
   * @param source a name for messages, e.g. the file name
   */
  public static SafetensorsFile parse(byte[] content, String source)
      throws SafetensorsFormatException {
    if (content.length < LENGTH_PREFIX_BYTES) {
      throw new SafetensorsFormatException(
          "%s: %d bytes, shorter than the 8-byte header length; not a safetensors file"
              .formatted(source, content.length));
    }
    ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buffer.getLong(0);
    long available = content.length - LENGTH_PREFIX_BYTES;
    // headerLength is unsigned; a negative long is a length above 2^63, which is past any end
    if (headerLength < 0 || headerLength > available) {
      throw new SafetensorsFormatException(
          "%s: header length %s is past the end of the file (%d bytes after the length); truncated or not a safetensors file"
              .formatted(source, Long.toUnsignedString(headerLength), available));
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(
          "%s: header length %d exceeds the limit of %d bytes"
              .formatted(source, headerLength, MAX_HEADER_BYTES));
    }
    int dataStart = LENGTH_PREFIX_BYTES + (int) headerLength;
    JsonNode header = parseHeader(content, (int) headerLength, source);
    ByteBuffer dataArea = buffer.slice(dataStart, content.length - dataStart);
    return build(header, dataArea, source);
  }

  private static JsonNode parseHeader(byte[] content, int length, String source)
      throws SafetensorsFormatException {
    String text = new String(content, LENGTH_PREFIX_BYTES, length, StandardCharsets.UTF_8);
    JsonNode header;
    try {
      header = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SafetensorsFormatException(
          "%s: header is not valid JSON: %s".formatted(source, e.getOriginalMessage()), e);
    }
    if (header == null || !header.isObject()) {
      throw new SafetensorsFormatException(
          "%s: header must be a JSON object mapping tensor names to entries".formatted(source));
    }
    return header;
  }

  private static SafetensorsFile build(JsonNode header, ByteBuffer dataArea, String source)
      throws SafetensorsFormatException {
    Map<String, String> metadata = Map.of();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        metadata = parseMetadata(field.getValue(), source);
      } else {
        entries.add(parseEntry(field.getKey(), field.getValue(), dataArea.capacity(), source));
      }
    }
    checkCoverage(entries, dataArea.capacity(), source);

    Map<String, SafeTensor> tensors = new LinkedHashMap<>();
    for (Entry entry : entries) {
      ByteBuffer bytes = dataArea.slice((int) entry.begin, (int) (entry.end - entry.begin));
      tensors.put(entry.name, new SafeTensor(entry.name, entry.dtype, entry.shape, bytes));
    }
    return new SafetensorsFile(source, tensors, metadata);
  }

  private static Map<String, String> parseMetadata(JsonNode node, String source)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(
          "%s: %s must be an object of strings".formatted(source, METADATA_KEY));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw new SafetensorsFormatException(
            "%s: %s value of '%s' must be a string"
                .formatted(source, METADATA_KEY, field.getKey()));
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
    return metadata;
  }

  /** One header entry, validated against the size of the data area. */
  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  private static Entry parseEntry(String name, JsonNode node, long dataLength, String source)
      throws SafetensorsFormatException {
    String where = "%s: tensor '%s'".formatted(source, name);
    if (!node.isObject()) {
      throw new SafetensorsFormatException(where + ": entry must be a JSON object");
    }
    JsonNode dtypeNode = required(node, "dtype", where);
    if (!dtypeNode.isTextual()) {
      throw new SafetensorsFormatException(where + ": dtype must be a string");
    }
    DType dtype =
        DType.fromSafetensorsName(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    new SafetensorsFormatException(
                        "%s: unsupported dtype '%s' (supported: %s)"
                            .formatted(
                                where, dtypeNode.textValue(), Arrays.toString(DType.values()))));
    long[] shape = nonNegativeIntegers(required(node, "shape", where), "shape", where);
    long[] offsets =
        nonNegativeIntegers(required(node, "data_offsets", where), "data_offsets", where);
    if (offsets.length != 2) {
      throw new SafetensorsFormatException(
          where + ": data_offsets must be [begin, end], got " + Arrays.toString(offsets));
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end || end > dataLength) {
      throw new SafetensorsFormatException(
          "%s: data_offsets [%d, %d] lie outside the data area of %d bytes"
              .formatted(where, begin, end, dataLength));
    }
    long expectedBytes;
    try {
      expectedBytes = Math.multiplyExact(SafeTensor.elementCount(shape), dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new SafetensorsFormatException(
          where + ": shape " + Arrays.toString(shape) + " is too large");
    }
    if (end - begin != expectedBytes) {
      throw new SafetensorsFormatException(
          "%s: data_offsets [%d, %d] span %d bytes but %s%s needs %d"
              .formatted(
                  where, begin, end, end - begin, dtype, Arrays.toString(shape), expectedBytes));
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static JsonNode required(JsonNode node, String field, String where)
      throws SafetensorsFormatException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new SafetensorsFormatException(where + ": missing '" + field + "'");
    }
    return value;
  }

  private static long[] nonNegativeIntegers(JsonNode node, String field, String where)
      throws SafetensorsFormatException {
    if (!node.isArray()) {
      throw new SafetensorsFormatException(where + ": " + field + " must be an array of integers");
    }
    long[] values = new long[node.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode item = node.get(i);
      if (!item.isIntegralNumber() || !item.canConvertToLong() || item.longValue() < 0) {
        throw new SafetensorsFormatException(
            "%s: %s[%d] = %s is not a non-negative integer".formatted(where, field, i, item));
      }
      values[i] = item.longValue();
    }
    return values;
  }

  /**
   * The format requires the byte ranges to tile the data area: no two tensors share bytes (a write
   * to one would change the other) and no bytes are left unaccounted for (a place to hide content).
   */
  private static void checkCoverage(List<Entry> entries, long dataLength, String source)
      throws SafetensorsFormatException {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry entry : byOffset) {
      if (entry.begin < covered) {
        throw new SafetensorsFormatException(
            "%s: tensors '%s' [%d, %d] and '%s' [%d, %d] overlap"
                .formatted(
                    source,
                    previous.name,
                    previous.begin,
                    previous.end,
                    entry.name,
                    entry.begin,
                    entry.end));
      }
      if (entry.begin > covered) {
        throw new SafetensorsFormatException(
            "%s: bytes [%d, %d) of the data area belong to no tensor (before '%s')"
                .formatted(source, covered, entry.begin, entry.name));
      }
      covered = entry.end;
      previous = entry;
    }
    if (covered != dataLength) {
      throw new SafetensorsFormatException(
          "%s: the data area has %d bytes but the tensors cover only %d; trailing bytes or a wrong header"
              .formatted(source, dataLength, covered));
    }
  }
}
