package io.mnasnet.inference.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataFileTest {
  private static final ModelMetadata METADATA =
      new ModelMetadata(
          "m",
          1,
          "mnasnet-b1",
          0.5,
          List.of("a", "b"),
          new Preprocessing(
              32, "pad", 0, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25), "replicate"),
          ModelMetadata.Signatures.DEFAULT);

  @TempDir Path dir;

  @Test
  void readsWhatItWrote() throws IOException {
    ModelMetadataFile.write(dir, METADATA);

    assertThat(ModelMetadataFile.read(dir)).isEqualTo(METADATA);
  }

  @Test
  void ignoresFieldsANewerWriterAdded() throws IOException {
    ModelMetadataFile.write(dir, METADATA);
    Path file = ModelMetadataFile.path(dir);
    Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"addedLater\": 1,"));

    assertThat(ModelMetadataFile.read(dir)).isEqualTo(METADATA);
  }

  @Test
  void refusesWhatTheContractForbidsNamingFileAndField() throws IOException {
    // found by fuzzing (ModelMetadataFileFuzzTest): the reader took any ONNX hash, and a zero
    // std or an unknown resize, which the engines were never written for
    ModelMetadataFile.write(
        dir, METADATA.withOnnx(new ModelMetadata.OnnxExport("model.onnx", 21, "not-a-hash")));
    Path file = ModelMetadataFile.path(dir);
    Files.writeString(
        file, Files.readString(file).replace("0.25", "0.0").replace("\"pad\"", "\"stretch\""));

    assertThatThrownBy(() -> ModelMetadataFile.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("/onnx/sha256")
        .hasMessageContaining("/preprocessing/std/0")
        .hasMessageContaining("/preprocessing/resize");
  }
}
