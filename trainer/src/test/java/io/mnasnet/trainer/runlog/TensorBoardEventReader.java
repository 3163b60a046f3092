package io.mnasnet.trainer.runlog;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads a TensorBoard event file back, verifying every TFRecord CRC ({@link TfRecordFraming}): how
 * the tests check what the trainer wrote without TensorBoard.
 */
public final class TensorBoardEventReader {

  /**
   * One scalar value found in an event file.
   *
   * @param tag the summary tag, e.g. {@code "train/loss"}
   * @param step the event's step
   * @param wallTime the event's wall time, seconds since the Unix epoch
   * @param value the {@code simple_value}
   */
  public record ScalarEvent(String tag, long step, double wallTime, float value) {}

  private TensorBoardEventReader() {}

  /**
   * Reads every event of the file in order.
   *
   * @throws CorruptEventFileException if a length or data CRC does not match, or a record is cut
   *     short (the exception names the byte offset)
   */
  public static List<Event> readEvents(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      long position = 0;
      byte[] data;
      while ((data = readRecord(in, file.toString(), position)) != null) {
        events.add(Event.parseFrom(data));
        position += framedLength(data.length);
      }
    }
    return events;
  }

  /** Reads the scalar values of every summary event in order. */
  public static List<ScalarEvent> readScalars(Path file) throws IOException {
    List<ScalarEvent> scalars = new ArrayList<>();
    for (Event event : readEvents(file)) {
      if (!event.hasSummary()) {
        continue;
      }
      for (Summary.Value value : event.getSummary().getValueList()) {
        if (value.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE) {
          scalars.add(
              new ScalarEvent(
                  value.getTag(), event.getStep(), event.getWallTime(), value.getSimpleValue()));
        }
      }
    }
    return scalars;
  }

  /**
   * Reads the next record's data, or returns {@code null} at a clean end of stream.
   *
   * @param source name of the file, for error messages
   * @param position byte offset of the record in the file, for error messages
   * @throws CorruptEventFileException if a CRC does not match or the record is cut short
   */
  private static byte[] readRecord(InputStream in, String source, long position)
      throws IOException {
    byte[] header = new byte[TfRecordFraming.HEADER_BYTES];
    int first = in.readNBytes(header, 0, TfRecordFraming.HEADER_BYTES);
    if (first == 0) {
      return null;
    }
    if (first < TfRecordFraming.HEADER_BYTES) {
      throw new CorruptEventFileException(source, "truncated record header", position);
    }
    ByteBuffer headerBuffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = headerBuffer.getLong(0);
    if (headerBuffer.getInt(Long.BYTES) != TfRecordFraming.maskedCrc32c(header, 0, Long.BYTES)) {
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
    if (storedCrc != TfRecordFraming.maskedCrc32c(data, 0, data.length)) {
      throw new CorruptEventFileException(source, "data CRC mismatch", position);
    }
    return data;
  }

  /** Size on disk of a record holding {@code dataLength} bytes. */
  private static long framedLength(int dataLength) {
    return TfRecordFraming.HEADER_BYTES + (long) dataLength + Integer.BYTES;
  }
}
