package io.mnasnet.trainer.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.Prediction;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.numeric.LogitTolerance;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's core promise: torchvision's MNASNet weights, imported and exported as a SavedModel
 * and loaded back, compute torchvision's function. Reference: the fixture's {@code logits.npy},
 * computed by PyTorch from the same weights and inputs.
 */
class TorchImportParityTest {

  // Splitting a batch changes which images share a call, not the function; smaller batches and
  // one thread per op take other kernel paths, so float rounding moves, within float32's bound.
  private static final LogitTolerance FLOAT32 = LogitTolerance.mnasNetB1();

  @TempDir static Path work;
  private static SavedModelClassifier model;

  @BeforeAll
  static void importAndReload() throws Exception {
    model = SavedModelClassifier.load(TorchvisionFixture.importModel(work));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void modelDirectoryIsAStandardSavedModelWithMetadata() {
    Path dir = work.resolve("model");
    assertThat(dir.resolve("saved_model.pb")).isRegularFile();
    assertThat(dir.resolve("variables/variables.index")).isRegularFile();
    assertThat(dir.resolve("mnasnet.json")).isRegularFile();
    assertThat(model.metadata().architecture()).isEqualTo("mnasnet-b1");
    assertThat(model.metadata().width()).isEqualTo(0.5);
    assertThat(model.metadata().labels()).hasSize(10).startsWith("T-shirt/top");
    assertThat(model.metadata().preprocessing().resize()).isEqualTo("pad");
  }

  @Test
  void reloadedSavedModelReproducesTorchvisionLogits() {
    float[][] logits = model.logits(TorchvisionFixture.inputNhwc(), TorchvisionFixture.IMAGES);
    float[] expected = TorchvisionFixture.npy("logits.npy").floats();

    for (int i = 0; i < TorchvisionFixture.IMAGES; i++) {
      float[] reference = Arrays.copyOfRange(expected, i * 10, i * 10 + 10);
      assertThat(argmax(logits[i])).as("image %d", i).isEqualTo(argmax(reference));
    }
    LogitTolerance.Agreement withPyTorch = FLOAT32.compare(rows(expected), logits);
    System.out.println("SavedModel vs PyTorch float32: " + withPyTorch);
    assertThat(withPyTorch.holds()).as(withPyTorch.toString()).isTrue();
  }

  @Test
  void reloadedSavedModelIsAsCloseToTheExactLogitsAsFloat32Allows() {
    float[][] logits = model.logits(TorchvisionFixture.inputNhwc(), TorchvisionFixture.IMAGES);
    // PyTorch's float64 forward pass: the function itself, without float32's rounding.
    double[] exact = TorchvisionFixture.npy("logits_f64.npy").doubles();
    float[] nearestFloats = new float[exact.length];
    for (int i = 0; i < exact.length; i++) {
      nearestFloats[i] = (float) exact[i];
    }

    LogitTolerance.Agreement withExact = FLOAT32.compare(rows(nearestFloats), logits);
    System.out.println("SavedModel vs PyTorch float64: " + withExact);
    assertThat(withExact.holds()).as(withExact.toString()).isTrue();
  }

  @Test
  void splittingBatchesAcrossShardsChangesNoLogit() throws Exception {
    float[] input = TorchvisionFixture.inputNhwc();
    int n = TorchvisionFixture.IMAGES;
    float[][] whole;
    float[][] inThreeParts;
    try (SavedModelClassifier unsplit =
            SavedModelClassifier.load(
                work.resolve("model"),
                new RuntimeOptions(Device.CPU, 0, 0, 1).resolve(),
                ImageSizeLimit.DEFAULT);
        SavedModelClassifier split =
            SavedModelClassifier.load(
                work.resolve("model"),
                new RuntimeOptions(Device.CPU, 0, 0, 3).resolve(),
                ImageSizeLimit.DEFAULT)) {
      whole = unsplit.logits(input, n);
      inThreeParts = split.logits(input, n);
      int floats = 32 * 32 * 3;
      List<Prediction> writtenPerPart =
          split.predict(
              n,
              (image, nhwc, slot) ->
                  System.arraycopy(input, image * floats, nhwc, slot * floats, floats));
      float[][] perPart = new float[n][];
      for (int i = 0; i < n; i++) {
        perPart[i] = writtenPerPart.get(i).logits();
      }
      LogitTolerance.Agreement written = FLOAT32.compare(inThreeParts, perPart);
      assertThat(written.holds()).as(written.toString()).isTrue();
      List<byte[]> pngs = fixturePngs();
      assertThat(split.classifyEncoded(pngs))
          .extracting(c -> c.prediction().orElseThrow().top1().index())
          .containsExactlyElementsOf(
              unsplit.classifyEncoded(pngs).stream()
                  .map(c -> c.prediction().orElseThrow().top1().index())
                  .toList());
    }
    LogitTolerance.Agreement split = FLOAT32.compare(whole, inThreeParts);
    assertThat(split.holds()).as(split.toString()).isTrue();
  }

  @Test
  void encodedSignatureGivesTheSameTopLabelsFromPngBytes() {
    List<byte[]> pngs = fixturePngs();
    float[] expected = TorchvisionFixture.npy("logits.npy").floats();

    List<Classification> results = model.classifyEncoded(pngs);

    assertThat(results).hasSize(TorchvisionFixture.IMAGES).allMatch(Classification::succeeded);
    for (int i = 0; i < results.size(); i++) {
      int top1 = results.get(i).prediction().orElseThrow().top1().index();
      assertThat(top1)
          .as("image %d", i)
          .isEqualTo(argmax(Arrays.copyOfRange(expected, i * 10, i * 10 + 10)));
    }
  }

  @Test
  void undecodableImageFailsAloneWithoutFailingTheBatch() throws Exception {
    byte[] png =
        ImageEncoding.encodeGreyPng(
            Arrays.copyOf(TorchvisionFixture.npy("images_uint8.npy").unsignedBytes(), 784), 28, 28);
    List<Classification> results =
        model.classifyEncoded(List.of(png, "not an image".getBytes(), png));

    assertThat(results.get(0).succeeded()).isTrue();
    assertThat(results.get(1).error()).get().asString().isNotBlank();
    assertThat(results.get(2).prediction().orElseThrow().top1().label())
        .isEqualTo(results.get(0).prediction().orElseThrow().top1().label());
    assertThat(Files.exists(work)).isTrue();
  }

  /** The fixture's 16 images as PNG files. */
  private static List<byte[]> fixturePngs() {
    byte[] pixels = TorchvisionFixture.npy("images_uint8.npy").unsignedBytes();
    List<byte[]> pngs = new ArrayList<>();
    for (int i = 0; i < TorchvisionFixture.IMAGES; i++) {
      pngs.add(
          ImageEncoding.encodeGreyPng(
              Arrays.copyOfRange(pixels, i * 28 * 28, (i + 1) * 28 * 28), 28, 28));
    }
    return pngs;
  }

  private static float[][] rows(float[] logits) {
    float[][] rows = new float[logits.length / 10][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(logits, i * 10, i * 10 + 10);
    }
    return rows;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
