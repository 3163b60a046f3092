package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The model suite's measuring child, in this JVM, on the small bench model: with {@code
 * --encoded-images} it must call the encoded signature on the folder's files (the pipeline suite's
 * "model with its decode" figure comes from it), and refuse a folder without images.
 */
class ModelWorkerCommandTest {

  @TempDir static Path work;

  private static Path model;

  @BeforeAll
  static void exportModel() throws Exception {
    model = new ExportedModels(work.resolve("models")).dir(BenchModel.SMALL);
  }

  @Test
  void measuresTheEncodedSignatureOnImageFiles() throws Exception {
    Path images = PngFolder.write(work.resolve("images"), 3);

    StringWriter out = new StringWriter();
    int exit = run(out, "--encoded-images", images.toString());

    assertThat(exit).isZero();
    JsonNode batch =
        new ObjectMapper().readTree(out.toString()).path("models").get(0).path("batches").get(0);
    assertThat(batch.path("batch").asInt()).isEqualTo(4); // more than the folder's 3 files
    assertThat(batch.path("imagesPerSecond").get(0).asDouble()).isPositive();
  }

  @Test
  void measuresEitherEngineAndTheOnnxRuntimePeer() throws Exception {
    for (String[] engine :
        new String[][] {
          {"--engine", "tensorflow"}, {"--engine", "onnxruntime"}, {"--onnxruntime-direct"}
        }) {
      StringWriter out = new StringWriter();
      assertThat(run(out, engine)).as(String.join(" ", engine)).isZero();
      JsonNode batch =
          new ObjectMapper().readTree(out.toString()).path("models").get(0).path("batches").get(0);
      assertThat(batch.path("imagesPerSecond").get(0).asDouble()).isPositive();
      assertThat(batch.path("cpuMsPerImage").get(0).asDouble()).isPositive();
    }
  }

  @Test
  void refusesAFolderWithoutImages() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));

    int exit = run(new StringWriter(), "--encoded-images", empty.toString());

    assertThat(exit).isNotZero();
  }

  private static int run(StringWriter out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--model",
                model.toString(),
                "--batches",
                "4",
                "--seconds",
                "0.05",
                "--repetitions",
                "1"));
    args.addAll(List.of(extra));
    return new CommandLine(new ModelWorkerCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(new StringWriter()))
        .execute(args.toArray(String[]::new));
  }
}
