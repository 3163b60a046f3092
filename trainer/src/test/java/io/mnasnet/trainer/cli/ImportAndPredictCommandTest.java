package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.numeric.LogitTolerance;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyArray;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code import-torch} then {@code predict}, as a user runs them. */
class ImportAndPredictCommandTest {

  @TempDir static Path work;
  private static Path model;

  @BeforeAll
  static void importFixture() {
    Path weights = TorchvisionFixture.copy("weights.safetensors", work);
    model = work.resolve("model");
    Run run =
        run(
            new ImportTorchCommand(),
            "--weights",
            weights.toString(),
            "--width",
            "0.5",
            "--classes",
            "10",
            "--image-size",
            "32",
            "--labels",
            "fashion-mnist",
            "--name",
            "fixture",
            "--out",
            model.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("Imported", "mnasnet-b1 width 0.5, 10 classes");
  }

  @Test
  void predictWritesTorchvisionLogitsFromAnNchwArray() throws Exception {
    Path logits = work.resolve("logits.npy");
    Path input = TorchvisionFixture.copy("input.npy", work);

    Run run =
        run(
            new PredictCommand(),
            "--model",
            model.toString(),
            "--npy",
            input.toString(),
            "--out",
            logits.toString(),
            "--device",
            "cpu",
            "--batch-size",
            "5");

    assertThat(run.exitCode).as(run.err).isZero();
    NpyArray written = Npy.read(logits);
    assertThat(written.shape()).containsExactly(16, 10);
    float[] expected = TorchvisionFixture.npy("logits.npy").floats();
    LogitTolerance.Agreement agreement =
        LogitTolerance.mnasNetB1().compare(expected, written.floats(), 10);
    assertThat(agreement.holds()).as(agreement.toString()).isTrue();
  }

  @Test
  void predictPrintsTopLabelsOfImageFiles() throws Exception {
    byte[] pixels = TorchvisionFixture.npy("images_uint8.npy").unsignedBytes();
    Path boot = work.resolve("boot.png");
    Files.write(boot, ImageEncoding.encodeGreyPng(Arrays.copyOf(pixels, 784), 28, 28));
    Path broken = work.resolve("broken.png");
    Files.writeString(broken, "not a png");

    Run run =
        run(
            new PredictCommand(),
            "--model",
            model.toString(),
            "--top",
            "3",
            boot.toString(),
            broken.toString());

    // The fixture's first test image is an ankle boot (label 9), which the model recognises.
    assertThat(run.out)
        .contains(boot.toString())
        .containsPattern("1\\. Ankle boot\\s+\\d+\\.\\d\\d%");
    assertThat(run.out).contains(broken.toString()).contains("cannot classify");
    assertThat(run.exitCode).isEqualTo(1);
  }

  @Test
  void gpuWithoutGpuFailsAtStartWithAClearMessage() {
    Run run = run(new PredictCommand(), "--model", model.toString(), "--device", "gpu", "x.png");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("--device gpu", "no usable GPU", "--device cpu");
  }

  @Test
  void importRefusesWeightsOfAnotherWidthNamingTheKey() {
    Run run =
        run(
            new ImportTorchCommand(),
            "--weights",
            work.resolve("weights.safetensors").toString(),
            "--width",
            "1.0",
            "--classes",
            "10",
            "--image-size",
            "32",
            "--out",
            work.resolve("wrong").toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("layers.0.weight", "check --width");
    assertThat(work.resolve("wrong")).doesNotExist();
  }

  @Test
  void predictRejectsAnArrayOfTheWrongSize() throws Exception {
    Path small = work.resolve("small.npy");
    Npy.write(NpyArray.ofFloats(new long[] {1, 3, 8, 8}, new float[192]), small);

    Run run =
        run(
            new PredictCommand(),
            "--model",
            model.toString(),
            "--npy",
            small.toString(),
            "--out",
            work.resolve("o.npy").toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("[N,3,32,32]");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Object command, String... args) {
    CommandLine commandLine = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
