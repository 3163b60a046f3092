package io.mnasnet.trainer.runlog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: for each record a little-endian u64
 * length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data. The
 * trainer only writes it; the tests read it back ({@code TensorBoardEventReader}).
 */
final class TfRecordFraming {

  private static final int MASK_DELTA = 0xa282ead8;
  static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

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
}
