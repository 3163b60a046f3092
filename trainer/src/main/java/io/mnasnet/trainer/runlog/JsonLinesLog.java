package io.mnasnet.trainer.runlog;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends {@link StepRecord}s and {@link EpochRecord}s, one JSON object per line, to {@code
 * RUN_DIR/log.jsonl}.
 *
 * <p>The file is opened in append mode, so a resumed run continues the same log, and every record
 * is flushed when written: the plot command and {@code tail -f} see it at once, and a crash loses
 * at most the line being written ({@link RunLog#read} tolerates a torn last line). Safe to call
 * from several threads.
 */
public final class JsonLinesLog implements Closeable {

  /** Name of the log file inside the run directory. */
  public static final String FILE_NAME = "log.jsonl";

  private final Path file;
  private final BufferedWriter writer;
  private final ObjectWriter json = RunLogJson.newMapper().writerFor(RunLogRecord.class);

  private JsonLinesLog(Path file) throws IOException {
    this.file = file;
    this.writer =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Opens (creating the directory and file if needed) {@code runDirectory/log.jsonl}. */
  public static JsonLinesLog openInRunDirectory(Path runDirectory) throws IOException {
    Files.createDirectories(runDirectory);
    return new JsonLinesLog(runDirectory.resolve(FILE_NAME));
  }

  /** The file being written. */
  public Path file() {
    return file;
  }

  /** Writes one record as one line and flushes it. */
  public synchronized void append(RunLogRecord record) throws IOException {
    writer.write(json.writeValueAsString(record));
    writer.newLine();
    writer.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
