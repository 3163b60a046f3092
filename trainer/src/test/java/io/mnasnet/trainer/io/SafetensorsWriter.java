package io.mnasnet.trainer.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a safetensors file from named float and long tensors, in the order they are added, with
 * optional {@code __metadata__} strings. The header is padded with spaces to a multiple of 8 bytes,
 * as the reference implementation does, so that the data is aligned.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *     .metadata("format", "pt")
 *     .putFloats("fc.weight", new long[] {10, 1280}, weights)
 *     .writeTo(Path.of("model.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, SafeTensor> tensors = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** Adds a {@code __metadata__} entry. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** Adds an F32 tensor; {@code values} are in row-major order. */
  public SafetensorsWriter putFloats(String name, long[] shape, float[] values) {
    ByteBuffer bytes = allocate(values.length, DType.F32);
    bytes.asFloatBuffer().put(values);
    return put(new SafeTensor(name, DType.F32, checkShape(name, shape, values.length), bytes));
  }

  /** Adds an I64 tensor; {@code values} are in row-major order. */
  public SafetensorsWriter putLongs(String name, long[] shape, long[] values) {
    ByteBuffer bytes = allocate(values.length, DType.I64);
    bytes.asLongBuffer().put(values);
    return put(new SafeTensor(name, DType.I64, checkShape(name, shape, values.length), bytes));
  }

  /** Adds (a copy of the bytes of) a tensor read from another file, under its own name. */
  public SafetensorsWriter put(SafeTensor tensor) {
    if (tensor.name().equals("__metadata__")) {
      throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
    }
    if (tensors.putIfAbsent(tensor.name(), tensor) != null) {
      throw new IllegalArgumentException("duplicate tensor name '" + tensor.name() + "'");
    }
    return this;
  }

  /** The complete file content. */
  public byte[] toByteArray() {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (SafeTensor tensor : tensors.values()) {
      ObjectNode entry = header.putObject(tensor.name());
      entry.put("dtype", tensor.dtype().safetensorsName());
      ArrayNode shape = entry.putArray("shape");
      for (long dim : tensor.shape()) {
        shape.add(dim);
      }
      long end = offset + tensor.data().remaining();
      entry.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] headerBytes = paddedHeader(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + headerBytes.length + (int) offset);
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
    out.writeBytes(headerBytes);
    for (SafeTensor tensor : tensors.values()) {
      ByteBuffer data = tensor.data();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /** Writes the file, replacing any existing one. */
  public void writeTo(Path file) throws IOException {
    Files.write(file, toByteArray());
  }

  private static byte[] paddedHeader(ObjectNode header) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  private static ByteBuffer allocate(int elements, DType dtype) {
    return ByteBuffer.allocate(Math.multiplyExact(elements, dtype.byteSize()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long[] checkShape(String name, long[] shape, int length) {
    if (SafeTensor.elementCount(shape) != length) {
      throw new IllegalArgumentException(
          "tensor '%s': shape %s holds %d elements, got %d values"
              .formatted(name, Arrays.toString(shape), SafeTensor.elementCount(shape), length));
    }
    return shape;
  }
}
