package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench preprocessing}, in this JVM, on the small bench model: it builds the model's
 * preprocessing from its metadata, runs it on the folder's files and reports a positive CPU time
 * per image; it refuses a folder without images and a batch of zero.
 */
class PreprocessingCommandTest {

  private static final Pattern MEDIAN = Pattern.compile("median ([0-9.]+) ms CPU per image");

  @TempDir static Path work;

  private static Path model;

  @BeforeAll
  static void exportModel() throws Exception {
    model = new ExportedModels(work.resolve("models")).dir(BenchModel.SMALL);
  }

  @Test
  void reportsTheCpuTimePerImageOfThePreprocessing() throws Exception {
    Path images = PngFolder.write(work.resolve("images"), 3);

    StringWriter out = new StringWriter();
    int exit = run(out, "--images", images.toString(), "--batch", "4");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("repetition 1: ").contains("batch 4");
    Matcher median = MEDIAN.matcher(out.toString());
    assertThat(median.find()).as(out.toString()).isTrue();
    assertThat(Double.parseDouble(median.group(1))).isPositive();
  }

  @Test
  void refusesAFolderWithoutImages() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));

    assertThat(run(new StringWriter(), "--images", empty.toString())).isNotZero();
  }

  @Test
  void refusesABatchOfZero() throws Exception {
    Path images = PngFolder.write(work.resolve("one"), 1);

    assertThat(run(new StringWriter(), "--images", images.toString(), "--batch", "0")).isNotZero();
  }

  private static int run(StringWriter out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("--model", model.toString(), "--seconds", "0.05", "--repetitions", "1"));
    args.addAll(List.of(extra));
    return new CommandLine(new PreprocessingCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(new StringWriter()))
        .execute(args.toArray(String[]::new));
  }
}
