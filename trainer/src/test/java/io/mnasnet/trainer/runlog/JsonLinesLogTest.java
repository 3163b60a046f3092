package io.mnasnet.trainer.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesLogTest {

  @TempDir Path runDir;

  private static final StepRecord STEP = new StepRecord(99, 0.25, 1.75, 0.01, 1234.5, 0.03);
  private static final EpochRecord EPOCH =
      new EpochRecord(1, 1.2, null, null, 1.1, 0.61, 0.97, 0.009, 1500, 0.02, 42.5);

  @Test
  void writesOneSnakeCaseObjectPerLineAndReadsThemBack() throws Exception {
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      log.append(STEP);
      log.append(EPOCH);
    }

    List<String> lines = Files.readAllLines(runDir.resolve("log.jsonl"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("{\"type\":\"step\"")
        .contains("\"images_per_second\":1234.5", "\"data_wait_fraction\":0.03");
    assertThat(lines.get(1)).contains("\"val_top1\":0.61").doesNotContain("train_top1");

    RunLog read = RunLog.readRunDirectory(runDir);
    assertThat(read.steps()).containsExactly(STEP);
    assertThat(read.epochs()).containsExactly(EPOCH);
  }

  @Test
  void appendsAcrossReopeningForResumedRuns() throws Exception {
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      log.append(EPOCH);
    }
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      log.append(new EpochRecord(2, 0.9, 0.7, 0.99, null, 0.65, 0.98, 0.008, 1500, 0.02, 40));
    }
    assertThat(RunLog.readRunDirectory(runDir).epochs())
        .extracting(EpochRecord::epoch)
        .containsExactly(1, 2);
  }

  @Test
  void keepsADivergedLossAsNaN() throws Exception {
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      log.append(new StepRecord(5, 0.1, Double.NaN, 0.1, 10, 0));
    }
    assertThat(RunLog.readRunDirectory(runDir).steps().get(0).loss()).isNaN();
  }

  @Test
  void toleratesATornLastLineButNotACorruptMiddleLine() throws Exception {
    Path file = runDir.resolve(JsonLinesLog.FILE_NAME);
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      log.append(STEP);
    }
    Files.writeString(file, "{\"type\":\"epoch\",\"epo", StandardOpenOption.APPEND);
    assertThat(RunLog.read(file).steps()).hasSize(1);

    Files.writeString(file, "\n", StandardOpenOption.APPEND);
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      log.append(STEP);
    }
    assertThatThrownBy(() -> RunLog.read(file)).hasMessageContaining("line 2");
  }

  @Test
  void skipsUnknownRecordTypesAndFields() throws Exception {
    Path file = runDir.resolve(JsonLinesLog.FILE_NAME);
    Files.writeString(
        file,
        "{\"type\":\"hardware\",\"gpu\":\"none\"}\n"
            + "{\"type\":\"step\",\"step\":3,\"epoch\":0.5,\"loss\":2.0,\"learning_rate\":0.1,"
            + "\"images_per_second\":5,\"data_wait_fraction\":0,\"future_field\":1}\n",
        StandardCharsets.UTF_8);

    RunLog read = RunLog.read(file);
    assertThat(read.steps()).containsExactly(new StepRecord(3, 0.5, 2.0, 0.1, 5, 0));
  }

  @Test
  void namesTheDirectoryWhenThereIsNoLog() {
    assertThatThrownBy(() -> RunLog.readRunDirectory(runDir))
        .hasMessageContaining("log.jsonl")
        .hasMessageContaining(runDir.toString());
  }
}
