package io.mnasnet.trainer.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the format of MNIST and Fashion-MNIST, http://yann.lecun.com/exdb/mnist/) of
 * unsigned bytes: a big-endian magic {@code 0x00 0x00 0x08 <rank>}, {@code rank} big-endian 32-bit
 * dimensions, then the bytes in row-major order.
 *
 * <p>Plain and gzipped files are both read; gzip is recognized by its magic bytes, not by the file
 * name. The dimensions must account for every byte of the (decompressed) content, and memory is
 * only allocated as the data actually arrives, so a corrupt header cannot exhaust the heap.
 */
public final class IdxFile {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;
  private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private final String source;
  private final int[] dims;
  private final byte[] data;

  private IdxFile(String source, int[] dims, byte[] data) {
    this.source = source;
    this.dims = dims;
    this.data = data;
  }

  /** Reads an IDX file, gzipped or not. */
  public static IdxFile read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads an IDX stream, gzipped or not; does not close {@code in}. */
  public static IdxFile read(InputStream in, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == GZIP_MAGIC_0 && second == GZIP_MAGIC_1) {
      try {
        return readPlain(new GZIPInputStream(buffered), source);
      } catch (ZipException | EOFException e) {
        throw new IdxFormatException(
            "%s: corrupt or truncated gzip data: %s".formatted(source, e.getMessage()), e);
      }
    }
    return readPlain(buffered, source);
  }

  /** Reads IDX from bytes already in memory, gzipped or not. */
  public static IdxFile parse(byte[] content, String source) throws IOException {
    return read(new ByteArrayInputStream(content), source);
  }

  /** Where it was read from, for messages. */
  public String source() {
    return source;
  }

  /** The dimensions, outermost first. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of items: the first dimension. */
  public int count() {
    return dims[0];
  }

  /** A copy of the bytes, row-major. */
  public byte[] data() {
    return data.clone();
  }

  /** The bytes without copying, for readers in this package that take ownership. */
  byte[] rawData() {
    return data;
  }

  private static IdxFile readPlain(InputStream raw, String source) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(
          source + ": not an IDX file (the magic number must start with two zero bytes)");
    }
    int type = magic[2] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new IdxFormatException(
          "%s: IDX element type 0x%02x is not supported, only unsigned bytes (0x08)"
              .formatted(source, type));
    }
    int rank = magic[3] & 0xff;
    if (rank == 0) {
      throw new IdxFormatException(source + ": IDX file with zero dimensions");
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      byte[] dim = in.readNBytes(4);
      if (dim.length < 4) {
        throw new IdxFormatException(source + ": truncated in the dimensions");
      }
      dims[i] =
          ((dim[0] & 0xff) << 24)
              | ((dim[1] & 0xff) << 16)
              | ((dim[2] & 0xff) << 8)
              | (dim[3] & 0xff);
      if (dims[i] < 0) {
        throw new IdxFormatException(
            "%s: dimension %d is %s, too large"
                .formatted(source, i, Integer.toUnsignedString(dims[i])));
      }
      size *= dims[i];
      if (size > MAX_BYTES) {
        throw new IdxFormatException(
            "%s: dimensions %s describe more than 2 GiB of data"
                .formatted(source, Arrays.toString(Arrays.copyOf(dims, i + 1))));
      }
    }
    // readNBytes grows its buffer as bytes arrive rather than allocating `size` up front
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new IdxFormatException(
          "%s: dimensions %s need %d data bytes, the file has only %d; truncated"
              .formatted(source, Arrays.toString(dims), size, data.length));
    }
    if (in.read() != -1) {
      throw new IdxFormatException(
          "%s: more data than dimensions %s account for (%d bytes)"
              .formatted(source, Arrays.toString(dims), size));
    }
    return new IdxFile(source, dims, data);
  }
}
