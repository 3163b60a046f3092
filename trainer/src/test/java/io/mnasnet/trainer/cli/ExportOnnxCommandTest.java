package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code export-onnx} on a version exported before ONNX existed, as a user runs it. */
class ExportOnnxCommandTest {

  @TempDir Path work;

  @Test
  void addsModelOnnxToAnOldVersionAndRefusesToOverwriteWithoutForce() throws Exception {
    Path versions = work.resolve("models");
    Path version = versions.resolve("1");
    Files.createDirectories(versions);
    Files.move(TorchvisionFixture.importModel(work), version);
    // as the shipped model was: a SavedModel and mnasnet.json only
    Files.delete(version.resolve("model.onnx"));
    ModelMetadataFile.write(version, ModelMetadataFile.read(version).withOnnx(null));

    String[] out = new String[2];
    int code = run(out, "--model", versions.toString());
    assertThat(code).as(out[1]).isZero();
    assertThat(out[0]).contains("Wrote " + version.resolve("model.onnx"), "opset 21");
    assertThat(out[0]).contains("ONNX Runtime vs the SavedModel: max |difference|");
    assertThat(ModelMetadataFile.read(version).onnx().sha256()).hasSize(64);

    // the parent again: nothing to do
    assertThat(run(out, "--model", versions.toString())).isZero();
    assertThat(out[0]).contains("has model.onnx, skipped", "Nothing to do");
    // the version itself without --force: refused, with the fix
    assertThat(run(out, "--model", version.toString())).isEqualTo(1);
    assertThat(out[1]).contains("model.onnx", "--force");
    assertThat(run(out, "--model", version.toString(), "--force")).isZero();
  }

  @Test
  void aDirectoryWithoutModelsIsExplained() {
    String[] out = new String[2];
    assertThat(run(out, "--model", work.toString())).isEqualTo(1);
    assertThat(out[1]).contains("neither a model version directory");
  }

  private static int run(String[] outErr, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new ExportOnnxCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int code = command.execute(args);
    outErr[0] = out.toString();
    outErr[1] = err.toString();
    return code;
  }
}
