package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.schemas.ImageEventFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProduceSummaryTest {

  @Test
  void reportsThroughputAndNamesSkippedInputsAndFailures() {
    ProduceSummary summary =
        new ProduceSummary(
            "images-in",
            ImageEventFormat.RAW,
            200,
            100_000,
            2_000_000_000L,
            List.of(new SkippedInput("photos/notes.png", "not a PNG or JPEG file")),
            Map.of("RecordTooLargeException: too big", 2L),
            false);

    assertThat(summary.imagesPerSecond()).isEqualTo(100.0);
    assertThat(summary.failed()).isEqualTo(2);
    assertThat(summary.lines())
        .containsExactly(
            "Sent 200 images to 'images-in' (raw) in 2.00 s: 100.0 images/s, 100,000 bytes (0.05 MB/s)",
            "Skipped 1 input:",
            "  photos/notes.png: not a PNG or JPEG file",
            "Failed to send 2 images:",
            "  2 x RecordTooLargeException: too big");
  }

  @Test
  void listsTheFirstSkippedInputsAndCountsTheRest() {
    List<SkippedInput> skipped =
        IntStream.range(0, 25).mapToObj(i -> new SkippedInput("f" + i, "empty file")).toList();
    ProduceSummary summary =
        new ProduceSummary("t", ImageEventFormat.JSON, 0, 0, 0, skipped, Map.of(), true);

    assertThat(summary.lines().get(0)).contains("Sent 0 images").endsWith("(stopped early)");
    assertThat(summary.lines())
        .contains("Skipped 25 inputs:", "  f19: empty file", "  ... and 5 more");
    assertThat(summary.lines()).doesNotContain("  f20: empty file");
  }
}
