package io.mnasnet.trainer.runlog;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: for each record a little-endian u64
 * length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data.
 */
final class TfRecordFraming {

  private static final int MASK_DELTA = 0xa282ead8;
  private static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

  private TfRecordFraming() {}

  /**
   * TensorFlow stores CRCs "masked" (rotated right by 15 and offset) because computing the CRC of
   * data that itself contains CRCs is otherwise degenerate.
   */
  static int maskedCrc32c(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  static void write(OutputStream out, byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc32c(header.array(), 0, Long.BYTES));
    out.write(header.array());
    out.write(data);
    out.write(
        ByteBuffer.allocate(Integer.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(maskedCrc32c(data, 0, data.length))
            .array());
  }

  /**
   * Reads the next record's data, or returns {@code null} at a clean end of stream.
   *
   * @param source name of the file, for error messages
   * @param position byte offset of the record in the file, for error messages
   * @throws CorruptEventFileException if a CRC does not match or the record is cut short
   */
  static byte[] read(InputStream in, String source, long position) throws IOException {
    byte[] header = new byte[HEADER_BYTES];
    int first = in.readNBytes(header, 0, HEADER_BYTES);
    if (first == 0) {
      return null;
    }
    if (first < HEADER_BYTES) {
      throw new CorruptEventFileException(source, "truncated record header", position);
    }
    ByteBuffer headerBuffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = headerBuffer.getLong(0);
    if (headerBuffer.getInt(Long.BYTES) != maskedCrc32c(header, 0, Long.BYTES)) {
      throw new CorruptEventFileException(source, "length CRC mismatch", position);
    }
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new CorruptEventFileException(source, "implausible record length " + length, position);
    }
    byte[] data = new byte[(int) length];
    byte[] footer = new byte[Integer.BYTES];
    if (in.readNBytes(data, 0, data.length) < data.length
        || in.readNBytes(footer, 0, footer.length) < footer.length) {
      throw new CorruptEventFileException(
          source, "truncated record", position, new EOFException("record of " + length + " bytes"));
    }
    int storedCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (storedCrc != maskedCrc32c(data, 0, data.length)) {
      throw new CorruptEventFileException(source, "data CRC mismatch", position);
    }
    return data;
  }

  /** Size on disk of a record holding {@code dataLength} bytes. */
  static long framedLength(int dataLength) {
    return HEADER_BYTES + (long) dataLength + Integer.BYTES;
  }
}
