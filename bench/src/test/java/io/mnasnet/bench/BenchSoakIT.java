package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code mnasnet bench soak} for real, as short as it may be (two minutes of 28x28 PNGs: a
 * standalone broker, the app through {@code bin/mnasnet run}, a producer at a fixed rate) and
 * checks what it writes. The verdict's logic has its own test ({@link SoakVerdictTest}); this one
 * makes sure the command keeps working end to end.
 */
class BenchSoakIT {

  @TempDir Path out;

  @Test
  void samplesTheAppUnderLoadAndWritesItsVerdict() throws Exception {
    LauncherRun run =
        LauncherRun.of(
            "bench",
            "soak",
            "--input",
            "PNG_28",
            "--minutes",
            "2",
            "--rate",
            "100",
            "--sample-seconds",
            "5",
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("summary.md").contains("flat and under the limit");

    List<String> rows = Files.readAllLines(out.resolve("rss.tsv"));
    assertThat(rows.get(0)).isEqualTo(SoakSample.tsvHeader());
    List<double[]> samples =
        rows.subList(1, rows.size()).stream()
            .map(row -> Arrays.stream(row.split("\t")).mapToDouble(Double::parseDouble).toArray())
            .toList();
    assertThat(samples).hasSizeGreaterThanOrEqualTo(20); // 120 s every 5 s
    assertThat(samples).allSatisfy(s -> assertThat(s[1]).as("RSS MiB").isBetween(50.0, 1536.0));
    for (int i = 1; i < samples.size(); i++) {
      assertThat(samples.get(i)[0]).isGreaterThan(samples.get(i - 1)[0]);
      assertThat(samples.get(i)[2]).isGreaterThanOrEqualTo(samples.get(i - 1)[2]);
      assertThat(samples.get(i)[4])
          .as("app CPU seconds")
          .isGreaterThanOrEqualTo(samples.get(i - 1)[4]);
    }
    double[] last = samples.get(samples.size() - 1);
    assertThat(last[2]).as("sent: 100/s for 120 s").isEqualTo(12_000);
    assertThat(last[3]).as("predicted while the load ran").isGreaterThan(11_000);

    String summary = Files.readString(out.resolve("summary.md"));
    assertThat(summary)
        .contains("12000 sent")
        .contains("every image was predicted by the end")
        .contains("**flat, under the limit**");
    byte[] png = Files.readAllBytes(out.resolve("rss.png"));
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
    assertThat(out.resolve("app.log")).isNotEmptyFile();
  }
}
