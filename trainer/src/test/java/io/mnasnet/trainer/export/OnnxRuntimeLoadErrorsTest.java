package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version whose {@code model.onnx} is missing, damaged or disagrees with {@code mnasnet.json} is
 * refused by the ONNX Runtime engine with an error naming the file and the command that rewrites
 * it, never served; and {@code auto} without the file falls back to TensorFlow.
 */
class OnnxRuntimeLoadErrorsTest {

  private static final ResolvedRuntime CPU = ResolvedRuntime.cpuOnly();

  @TempDir static Path work;
  private static Path exported;

  @BeforeAll
  static void exportFixture() {
    exported = TorchvisionFixture.importModel(work);
  }

  @Test
  void everyExportWritesModelOnnxAndRecordsIt() throws IOException {
    ModelMetadata metadata = ModelMetadataFile.read(exported);
    assertThat(metadata.onnx()).isNotNull();
    assertThat(metadata.onnx().file()).isEqualTo("model.onnx");
    assertThat(metadata.onnx().opset()).isEqualTo(OnnxExporter.OPSET);
    assertThat(Files.size(exported.resolve("model.onnx"))).isGreaterThan(1_000_000);
  }

  @Test
  void missingFileIsNamedWithTheExportCommand() throws IOException {
    Path dir = copyOf("missing");
    Files.delete(dir.resolve("model.onnx"));
    assertRefused(dir, "model.onnx is missing");
    // auto serves such a version with TensorFlow instead
    ModelLoading.Loaded loaded =
        ModelLoading.load(dir, EngineChoice.AUTO, CPU, ImageSizeLimit.DEFAULT);
    try (LoadedModel model = loaded.model()) {
      assertThat(model.engine()).isEqualTo(Engine.TENSORFLOW);
      assertThat(loaded.selection().reason()).contains("no model.onnx");
    }
  }

  @Test
  void replacedFileIsCaughtByItsRecordedHash() throws IOException {
    Path dir = copyOf("replaced");
    byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
    bytes[bytes.length / 2] ^= 1; // one flipped bit in a weight
    Files.write(dir.resolve("model.onnx"), bytes);
    assertRefused(dir, "does not match mnasnet.json (SHA-256");
    // auto does not stop a version whose SavedModel serves: TensorFlow, and the reason says why
    ModelLoading.Loaded loaded =
        ModelLoading.load(dir, EngineChoice.AUTO, CPU, ImageSizeLimit.DEFAULT);
    try (LoadedModel model = loaded.model()) {
      assertThat(model.engine()).isEqualTo(Engine.TENSORFLOW);
      assertThat(loaded.fallback()).isTrue();
      assertThat(loaded.selection().reason())
          .contains("does not match mnasnet.json", "export-onnx", "TensorFlow serves");
    }
  }

  @Test
  void unreadableFileWithoutARecordIsRefusedByOnnxRuntime() throws IOException {
    Path dir = copyOf("corrupt");
    dropOnnxRecord(dir);
    Files.write(dir.resolve("model.onnx"), "not a protobuf at all".getBytes());
    assertRefused(dir, "is not a model ONNX Runtime can load");
  }

  @Test
  void fileDisagreeingWithTheMetadataOnClassesIsRefused() throws IOException {
    Path dir = copyOf("classes");
    ModelMetadata metadata = ModelMetadataFile.read(dir);
    List<String> nine = metadata.labels().subList(0, 9);
    ModelMetadataFile.write(
        dir,
        new ModelMetadata(
            metadata.name(),
            metadata.version(),
            metadata.architecture(),
            metadata.width(),
            nine,
            metadata.preprocessing(),
            metadata.signatures()));
    assertRefused(dir, "but mnasnet.json lists 9 classes");
  }

  @Test
  void fileDisagreeingWithTheMetadataOnInputSizeIsRefused() throws IOException {
    Path dir = copyOf("size");
    ModelMetadata metadata = ModelMetadataFile.read(dir);
    ModelMetadata.Preprocessing p = metadata.preprocessing();
    ModelMetadataFile.write(
        dir,
        new ModelMetadata(
            metadata.name(),
            metadata.version(),
            metadata.architecture(),
            metadata.width(),
            metadata.labels(),
            new ModelMetadata.Preprocessing(
                64, p.resize(), p.resizeSize(), p.mean(), p.std(), p.grayscale()),
            metadata.signatures()));
    assertRefused(dir, "but mnasnet.json says images [N, 64, 64, 3]");
  }

  private static void assertRefused(Path dir, String problem) {
    assertThatThrownBy(
            () -> ModelLoading.load(dir, Engine.ONNX_RUNTIME, CPU, ImageSizeLimit.DEFAULT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("model.onnx").toString())
        .hasMessageContaining(problem)
        .hasMessageContaining("bin/mnasnet export-onnx --force --model " + dir)
        .hasMessageContaining("--engine tensorflow");
  }

  private static void dropOnnxRecord(Path dir) throws IOException {
    ModelMetadataFile.write(dir, ModelMetadataFile.read(dir).withOnnx(null));
  }

  private static Path copyOf(String name) throws IOException {
    Path dir = work.resolve(name);
    try (var files = Files.walk(exported)) {
      for (Path source : files.toList()) {
        Path target = dir.resolve(exported.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return dir;
  }
}
