package io.mnasnet.trainer.runlog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads a TensorBoard event file back, verifying every TFRecord CRC; used by tests and tools that
 * inspect a run without TensorBoard.
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
      while ((data = TfRecordFraming.read(in, file.toString(), position)) != null) {
        events.add(Event.parseFrom(data));
        position += TfRecordFraming.framedLength(data.length);
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
}
