package io.mnasnet.trainer.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a {@code log.jsonl} read back, in file order, split by kind.
 *
 * @param steps the per-N-steps records
 * @param epochs the per-epoch records
 */
public record RunLog(List<StepRecord> steps, List<EpochRecord> epochs) {

  public RunLog {
    steps = List.copyOf(steps);
    epochs = List.copyOf(epochs);
  }

  /** Reads {@code runDirectory/log.jsonl}. */
  public static RunLog readRunDirectory(Path runDirectory) throws IOException {
    Path file = runDirectory.resolve(JsonLinesLog.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no " + JsonLinesLog.FILE_NAME + " in " + runDirectory + ": is this a run directory?");
    }
    return read(file);
  }

  /**
   * Reads a JSON-lines log. Blank lines and records of unknown type are skipped; a malformed last
   * line is ignored (a run killed while writing it), a malformed line elsewhere is an error naming
   * the file and line.
   */
  public static RunLog read(Path file) throws IOException {
    ObjectReader json = RunLogJson.newMapper().readerFor(RunLogRecord.class);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<StepRecord> steps = new ArrayList<>();
    List<EpochRecord> epochs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      RunLogRecord record;
      try {
        record = json.readValue(line);
      } catch (JsonProcessingException e) {
        if (i == lines.size() - 1) {
          break;
        }
        throw new IOException(
            file + " line " + (i + 1) + " is not a valid log record: " + e.getOriginalMessage(), e);
      }
      if (record instanceof StepRecord step) {
        steps.add(step);
      } else if (record instanceof EpochRecord epoch) {
        epochs.add(epoch);
      }
    }
    return new RunLog(steps, epochs);
  }
}
