package io.mnasnet.trainer.runlog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Writes scalar summaries to a TensorBoard event file {@code
 * RUN_DIR/events.out.tfevents.<seconds>.<host>}, readable by {@code tensorboard --logdir RUN_DIR}.
 *
 * <p>The file is a sequence of TFRecords holding {@code tensorflow.Event} protos (the classes
 * bundled with TensorFlow Java): first a {@code file_version: "brain.Event:2"} event, then one
 * event per {@link #scalars} call with {@code wall_time}, {@code step} and {@code
 * summary.value{tag, simple_value}}. Every call is flushed so that a live TensorBoard sees it.
 */
public final class TensorBoardEventWriter implements Closeable {

  /** Prefix TensorBoard looks for. */
  public static final String FILE_PREFIX = "events.out.tfevents.";

  /** Version string of the first event, which TensorBoard requires. */
  public static final String FILE_VERSION = "brain.Event:2";

  private final Path file;
  private final OutputStream out;
  private final Clock clock;

  private TensorBoardEventWriter(Path file, OutputStream out, Clock clock) {
    this.file = file;
    this.out = out;
    this.clock = clock;
  }

  /** Creates a new event file in {@code runDirectory} named after the current time and host. */
  public static TensorBoardEventWriter create(Path runDirectory) throws IOException {
    return create(runDirectory, Clock.systemUTC(), hostName());
  }

  /** As {@link #create(Path)} with an explicit clock (wall times, file name) and host name. */
  public static TensorBoardEventWriter create(Path runDirectory, Clock clock, String host)
      throws IOException {
    Files.createDirectories(runDirectory);
    String base = FILE_PREFIX + clock.instant().getEpochSecond() + "." + host;
    // two writers started in the same second on the same host must not share a file
    for (int attempt = 0; ; attempt++) {
      Path candidate = runDirectory.resolve(attempt == 0 ? base : base + "." + attempt);
      try {
        OutputStream out =
            new BufferedOutputStream(
                Files.newOutputStream(
                    candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        TensorBoardEventWriter writer = new TensorBoardEventWriter(candidate, out, clock);
        writer.write(
            Event.newBuilder().setWallTime(writer.wallTime()).setFileVersion(FILE_VERSION));
        return writer;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /** The event file being written. */
  public Path file() {
    return file;
  }

  /** Writes one scalar at {@code step}. */
  public void scalar(String tag, double value, long step) throws IOException {
    scalars(Map.of(tag, value), step);
  }

  /**
   * Writes several scalars as one event at {@code step} (e.g. {@code "train/loss"}, {@code
   * "val/top1"}); TensorBoard groups tags by the part before the first slash. Values are stored as
   * 32-bit floats, as TensorBoard's {@code simple_value}.
   */
  public synchronized void scalars(Map<String, ? extends Number> values, long step)
      throws IOException {
    Summary.Builder summary = Summary.newBuilder();
    values.forEach(
        (tag, value) ->
            summary.addValue(
                Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue())));
    write(Event.newBuilder().setWallTime(wallTime()).setStep(step).setSummary(summary));
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  private synchronized void write(Event.Builder event) throws IOException {
    TfRecordFraming.write(out, event.build().toByteArray());
    out.flush();
  }

  private double wallTime() {
    return clock.millis() / 1000.0;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
