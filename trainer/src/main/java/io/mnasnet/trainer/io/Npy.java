package io.mnasnet.trainer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic {@code
 * \x93NUMPY}, a version, a little-endian header length (2 bytes in version 1.0, 4 in 2.0 and 3.0),
 * a Python-literal header {@code {'descr', 'fortran_order', 'shape'}}, then the raw elements.
 *
 * <p>Reads versions 1.0, 2.0 and 3.0; writes 1.0 (2.0 only if the header would not fit), with the
 * header padded to a multiple of 64 bytes exactly as NumPy does. Element types: {@code <f4}, {@code
 * <f8}, {@code |u1}, {@code <i8}; C order only. Anything else fails with an {@link
 * NpyFormatException} naming the file.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGNMENT = 64;

  private Npy() {}

  /** Reads the array in {@code file}. */
  public static NpyArray read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Reads all of {@code in} (e.g. a classpath resource); does not close it. */
  public static NpyArray read(InputStream in, String source) throws IOException {
    return parse(in.readAllBytes(), source);
  }

  /**
   * Parses the complete content of a {@code .npy} file.
   *
   * @param source a name for messages, e.g. the file name
   */
  public static NpyArray parse(byte[] content, String source) throws NpyFormatException {
    ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    if (content.length < MAGIC.length + 4
        || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new NpyFormatException(source + ": not a .npy file (no \\x93NUMPY magic)");
    }
    int major = content[6];
    int minor = content[7];
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(in.getShort(8));
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (content.length < 12) {
        throw new NpyFormatException(source + ": truncated before the header length");
      }
      headerLength = Integer.toUnsignedLong(in.getInt(8));
      headerStart = 12;
    } else {
      throw new NpyFormatException(
          "%s: unsupported .npy format version %d.%d (supported: 1.0, 2.0, 3.0)"
              .formatted(source, major, minor));
    }
    if (headerLength > content.length - headerStart) {
      throw new NpyFormatException(
          "%s: header length %d is past the end of the file (%d bytes)"
              .formatted(source, headerLength, content.length));
    }
    int dataStart = headerStart + (int) headerLength;
    String text =
        new String(
            content,
            headerStart,
            (int) headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(text, source);
    return decode(header, in.slice(dataStart, content.length - dataStart), source);
  }

  private static NpyArray decode(NpyHeader header, ByteBuffer data, String source)
      throws NpyFormatException {
    if (header.fortranOrder()) {
      throw new NpyFormatException(
          source
              + ": fortran_order is True; only C-order arrays are supported (save with"
              + " np.ascontiguousarray)");
    }
    DType dtype =
        DType.fromNpyDescr(header.descr())
            .orElseThrow(
                () ->
                    new NpyFormatException(
                        "%s: unsupported dtype '%s' (supported: <f4, <f8, |u1, <i8)"
                            .formatted(source, header.descr())));
    long[] shape = header.shape();
    long expectedBytes;
    try {
      expectedBytes = Math.multiplyExact(SafeTensor.elementCount(shape), dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new NpyFormatException(source + ": shape " + Arrays.toString(shape) + " is too large");
    }
    if (expectedBytes != data.remaining()) {
      throw new NpyFormatException(
          "%s: shape %s of %s needs %d data bytes, the file has %d"
              .formatted(
                  source, Arrays.toString(shape), header.descr(), expectedBytes, data.remaining()));
    }
    // checked above: the element count fits the data actually present, hence an int
    int n = (int) (expectedBytes / dtype.byteSize());
    data.order(ByteOrder.LITTLE_ENDIAN);
    return switch (dtype) {
      case F32 -> {
        float[] values = new float[n];
        data.asFloatBuffer().get(values);
        yield NpyArray.ofFloats(shape, values);
      }
      case F64 -> {
        double[] values = new double[n];
        data.asDoubleBuffer().get(values);
        yield NpyArray.ofDoubles(shape, values);
      }
      case I64 -> {
        long[] values = new long[n];
        data.asLongBuffer().get(values);
        yield NpyArray.ofLongs(shape, values);
      }
      case U8 -> {
        byte[] values = new byte[n];
        data.get(values);
        yield NpyArray.ofUnsignedBytes(shape, values);
      }
      default -> throw new IllegalStateException("no .npy support for " + dtype);
    };
  }

  /** Writes {@code array} to {@code file}, replacing any existing one. */
  public static void write(NpyArray array, Path file) throws IOException {
    Files.write(file, toByteArray(array));
  }

  /** The complete {@code .npy} file content for {@code array}. */
  public static byte[] toByteArray(NpyArray array) {
    String descr = array.dtype().npyDescr().orElseThrow();
    String dict = new NpyHeader(descr, false, array.shape()).format();
    int lengthBytes = dict.length() + 11 > 65535 ? 4 : 2;
    int prefix = MAGIC.length + 2 + lengthBytes;
    // NumPy pads with spaces and ends with '\n' so that the data starts 64-byte aligned
    int headerLength =
        (prefix + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - prefix;
    int dataBytes = array.elementCount() * array.dtype().byteSize();
    ByteBuffer out =
        ByteBuffer.allocate(prefix + headerLength + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
    if (lengthBytes == 2) {
      out.putShort((short) headerLength);
    } else {
      out.putInt(headerLength);
    }
    byte[] text =
        (dict + " ".repeat(headerLength - dict.length() - 1) + "\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    out.put(text);
    ByteBuffer data = out.slice().order(ByteOrder.LITTLE_ENDIAN);
    switch (array.dtype()) {
      case F32 -> data.asFloatBuffer().put((float[]) array.rawData());
      case F64 -> data.asDoubleBuffer().put((double[]) array.rawData());
      case I64 -> data.asLongBuffer().put((long[]) array.rawData());
      case U8 -> data.put((byte[]) array.rawData());
      default -> throw new IllegalStateException("no .npy support for " + array.dtype());
    }
    return out.array();
  }
}
