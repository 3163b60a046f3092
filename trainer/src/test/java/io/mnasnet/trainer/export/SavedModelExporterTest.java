package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.numeric.LogitTolerance;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import io.mnasnet.trainer.imports.TorchvisionStateDict;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelExporterTest {

  @TempDir static Path work;
  private static ModelWeights weights;
  private static ModelMetadata metadata;
  private static Path separate;

  @BeforeAll
  static void exportFixture() throws Exception {
    Network network = MnasNetB1.network(TorchvisionFixture.CONFIG);
    weights =
        TorchvisionStateDict.toWeights(
            Safetensors.read(TorchvisionFixture.copy("weights.safetensors", work)), network);
    metadata =
        new ModelMetadata(
            "fixture",
            3,
            network.architecture(),
            0.5,
            FashionMnist.CLASS_NAMES,
            StandardPreprocessing.fashionMnist(32),
            ModelMetadata.Signatures.DEFAULT);
    separate = work.resolve("separate");
    SavedModelExporter.export(weights, metadata, separate, ResolvedRuntime.cpuOnly());
  }

  @Test
  void foldedBatchNormComputesTheSameLogits() throws Exception {
    Path folded = work.resolve("folded");
    SavedModelExporter.export(
        weights, metadata, folded, ResolvedRuntime.cpuOnly(), new SavedModelExporter.Options(true));
    float[] input = TorchvisionFixture.inputNhwc();

    try (SavedModelClassifier a = SavedModelClassifier.load(separate);
        SavedModelClassifier b = SavedModelClassifier.load(folded)) {
      float[][] expected = a.logits(input, TorchvisionFixture.IMAGES);
      float[][] actual = b.logits(input, TorchvisionFixture.IMAGES);
      // Folding rounds each folded weight once more: float32 rounding, bounded as any other.
      LogitTolerance.Agreement agreement = LogitTolerance.mnasNetB1().compare(expected, actual);
      System.out.println("folded vs separate batch norm: " + agreement);
      assertThat(agreement.holds()).as(agreement.toString()).isTrue();
    }
  }

  @Test
  void metadataIsWrittenBesideTheSavedModel() throws Exception {
    ModelMetadata written = ModelMetadataFile.read(separate);
    // as given, plus the record of the model.onnx written beside the SavedModel
    assertThat(written.withOnnx(null)).isEqualTo(metadata);
    assertThat(written.onnx().file()).isEqualTo(OnnxExporter.FILE_NAME);
    assertThat(written.onnx().sha256())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(separate.resolve(OnnxExporter.FILE_NAME)))));
  }

  @Test
  void refusesToWriteIntoANonEmptyDirectory() throws Exception {
    Path occupied = Files.createDirectories(work.resolve("occupied"));
    Files.writeString(occupied.resolve("keep.txt"), "mine");

    assertThatThrownBy(
            () -> SavedModelExporter.export(weights, metadata, occupied, ResolvedRuntime.cpuOnly()))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("not empty");
    assertThat(occupied.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void refusesMetadataThatDoesNotFitTheNetwork() {
    ModelMetadata threeLabels =
        new ModelMetadata(
            "x",
            1,
            "mnasnet-b1",
            0.5,
            List.of("a", "b", "c"),
            StandardPreprocessing.fashionMnist(32),
            ModelMetadata.Signatures.DEFAULT);

    assertThatThrownBy(
            () ->
                SavedModelExporter.export(
                    weights, threeLabels, work.resolve("x"), ResolvedRuntime.cpuOnly()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 labels");
  }

  @Test
  void oneLoadedModelServesConcurrentCallers() throws Exception {
    float[] input = TorchvisionFixture.inputNhwc();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (SavedModelClassifier model = SavedModelClassifier.load(separate)) {
      float[][] expected = model.logits(input, TorchvisionFixture.IMAGES);
      List<Future<float[][]>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        results.add(pool.submit(() -> model.logits(input, TorchvisionFixture.IMAGES)));
      }
      for (Future<float[][]> result : results) {
        assertThat(result.get()).isDeepEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loadingADirectoryWithoutAModelSaysWhatIsMissing() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));

    assertThatThrownBy(() -> SavedModelClassifier.load(empty))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("mnasnet.json");
  }

  @Test
  void callsAfterCloseFailClearly() throws Exception {
    SavedModelClassifier model = SavedModelClassifier.load(separate);
    model.close();

    assertThatThrownBy(() -> model.logits(new float[32 * 32 * 3], 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
