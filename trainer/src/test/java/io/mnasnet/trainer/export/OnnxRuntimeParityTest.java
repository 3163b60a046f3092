package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.numeric.LogitTolerance;
import io.mnasnet.inference.onnxruntime.OnnxRuntimeClassifier;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import io.mnasnet.trainer.model.BatchNorm;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import io.mnasnet.trainer.model.ParameterRole;
import io.mnasnet.trainer.model.ParameterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX Runtime engine computes what the TensorFlow engine computes, on the same version
 * directory, within {@link LogitTolerance}'s float32 bound relative to the logits' range: the
 * exported {@code model.onnx} (batch norm folded, NHWC input transposed once, PyTorch padding) is
 * the SavedModel's network. Checked on the torchvision fixture at 32x32 (10 classes, against
 * PyTorch's own logits too) and on a width-1.0 224x224 1000-class network whose batch norms carry
 * random statistics, so that folding is exercised on every layer (the initializer's gamma 1, beta
 * 0, mean 0, variance 1 would fold to almost nothing).
 */
class OnnxRuntimeParityTest {

  /** Both engines as they serve on a CPU: each batch split in two parts, one session each. */
  private static final ResolvedRuntime RUNTIME =
      ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 0, 0, 2));

  @TempDir Path work;

  @Test
  void torchvisionFixtureAt32() throws Exception {
    Path dir = TorchvisionFixture.importModel(work);
    float[] input = TorchvisionFixture.inputNhwc();
    int n = TorchvisionFixture.IMAGES;
    float[][] pyTorch = rows(TorchvisionFixture.npy("logits.npy").floats(), 10);
    try (LoadedModel tensorFlow =
            ModelLoading.load(dir, Engine.TENSORFLOW, RUNTIME, ImageSizeLimit.DEFAULT);
        LoadedModel onnx =
            ModelLoading.load(dir, Engine.ONNX_RUNTIME, RUNTIME, ImageSizeLimit.DEFAULT)) {
      assertThat(onnx.engine()).isEqualTo(Engine.ONNX_RUNTIME);
      // 32x32: two single-threaded part sessions and no pooled one (PooledSessionRule)
      assertThat(((OnnxRuntimeClassifier) onnx).sessions()).isEqualTo(2);
      float[][] single = onnx.logits(java.util.Arrays.copyOf(input, input.length / n), 1);
      float[][] expected = tensorFlow.logits(input, n);
      LogitTolerance.Agreement oneImage =
          LogitTolerance.mnasNetB1().compare(new float[][] {expected[0]}, single);
      assertThat(oneImage.holds()).as("one image on a part session: " + oneImage).isTrue();
      float[][] actual = onnx.logits(input, n);
      LogitTolerance.Agreement vsSavedModel = LogitTolerance.mnasNetB1().compare(expected, actual);
      LogitTolerance.Agreement vsPyTorch = LogitTolerance.mnasNetB1().compare(pyTorch, actual);
      System.out.println("ONNX Runtime vs SavedModel at 32: " + vsSavedModel);
      System.out.println("ONNX Runtime vs PyTorch at 32:    " + vsPyTorch);
      assertThat(vsSavedModel.holds()).as(vsSavedModel.toString()).isTrue();
      assertThat(vsPyTorch.holds()).as(vsPyTorch.toString()).isTrue();
      // the probabilities are the softmax of the logits, image by image
      float[] probabilities = onnx.predict(input, n).get(3).probabilities();
      assertThat(IntStream.range(0, 10).mapToDouble(k -> probabilities[k]).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void callsAfterCloseFailOnBothRoutes() throws Exception {
    Path dir = TorchvisionFixture.importModel(work);
    float[] input = TorchvisionFixture.inputNhwc();
    int perImage = input.length / TorchvisionFixture.IMAGES;
    LoadedModel onnx = ModelLoading.load(dir, Engine.ONNX_RUNTIME, RUNTIME, ImageSizeLimit.DEFAULT);
    onnx.close();
    // one image and two (at 32x32 both split across the part sessions: no pooled session; the
    // model is checked closed before any routing, and the 224 test runs the pooled route)
    for (int n : new int[] {1, 2}) {
      float[] batch = java.util.Arrays.copyOf(input, n * perImage);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> onnx.logits(batch, n))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    onnx.close(); // a second close does nothing
  }

  @Test
  void widthOneAt224WithAThousandClassesAndRandomBatchNormStatistics() throws Exception {
    Network network = MnasNetB1.network(MnasNetConfig.of(1.0, 1000, 224));
    ModelWeights weights = withRandomBatchNorm(network, new Random(21));
    ModelMetadata metadata =
        new ModelMetadata(
            "parity-224",
            1,
            network.architecture(),
            1.0,
            IntStream.range(0, 1000).mapToObj(i -> "class-" + i).toList(),
            StandardPreprocessing.imageNet(224),
            ModelMetadata.Signatures.DEFAULT);
    Path dir = work.resolve("w1.0-224");
    SavedModelExporter.export(weights, metadata, dir, ResolvedRuntime.cpuOnly());
    int n = 3;
    float[] input = new float[n * 224 * 224 * 3];
    Random random = new Random(7);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    try (LoadedModel tensorFlow =
            ModelLoading.load(dir, Engine.TENSORFLOW, RUNTIME, ImageSizeLimit.DEFAULT);
        LoadedModel onnx =
            ModelLoading.load(dir, Engine.ONNX_RUNTIME, RUNTIME, ImageSizeLimit.DEFAULT)) {
      float[][] expected = tensorFlow.logits(input, n);
      LogitTolerance.Agreement agreement =
          LogitTolerance.mnasNetB1().compare(expected, onnx.logits(input, n));
      System.out.println("ONNX Runtime vs SavedModel at 224, 1000 classes: " + agreement);
      // a network whose logits barely differ would make any bound relative to their range easy
      assertThat(agreement.range()).isGreaterThan(1.0);
      assertThat(agreement.holds()).as(agreement.toString()).isTrue();

      // Encoded images: ONNX Runtime reads the pixels where the preprocessing graph wrote them;
      // the TensorFlow engine runs the SavedModel's own encoded signature. A 256x256 JPEG (crop
      // only), a 400x300 one (reduced-scale decode and resample), a PNG, and something that is not
      // an image, twice, so that the second call runs on reused input buffers.
      List<byte[]> images =
          List.of(
              jpeg(256, 256, 1),
              jpeg(400, 300, 2),
              "not an image".getBytes(StandardCharsets.US_ASCII),
              png(240, 260, 3));
      for (int round = 0; round < 2; round++) {
        List<Classification> fromTensorFlow = tensorFlow.classifyEncoded(images);
        List<Classification> fromOnnx = onnx.classifyEncoded(images);
        assertThat(fromOnnx.get(2).prediction()).isEmpty();
        float[][] encodedExpected = new float[3][];
        float[][] encodedActual = new float[3][];
        int k = 0;
        for (int i : new int[] {0, 1, 3}) {
          encodedExpected[k] = fromTensorFlow.get(i).prediction().orElseThrow().logits();
          encodedActual[k++] = fromOnnx.get(i).prediction().orElseThrow().logits();
        }
        LogitTolerance.Agreement encoded =
            LogitTolerance.mnasNetB1().compare(encodedExpected, encodedActual);
        System.out.println("encoded images, round " + round + ": " + encoded);
        assertThat(encoded.holds()).as(encoded.toString()).isTrue();
      }
      // and the float path again after the encoded one, on other pixels
      float[] other = new float[input.length];
      for (int i = 0; i < other.length; i++) {
        other[i] = (float) random.nextGaussian();
      }
      LogitTolerance.Agreement again =
          LogitTolerance.mnasNetB1().compare(tensorFlow.logits(other, n), onnx.logits(other, n));
      assertThat(again.holds()).as(again.toString()).isTrue();

      // Twelve images: two parts of six, each run as a call of five and a call of one
      // (CacheSizedCalls), the second call over a slice of the part's buffer; as encoded images
      // too, where the slice is of the preprocessing graph's output
      assertThat(((OnnxRuntimeClassifier) onnx).imagesPerCall()).isEqualTo(5);
      // 224x224: two part sessions and the pooled one for single images
      assertThat(((OnnxRuntimeClassifier) onnx).sessions()).isEqualTo(3);
      int many = 12;
      float[] twelve = new float[many * 224 * 224 * 3];
      for (int i = 0; i < twelve.length; i++) {
        twelve[i] = (float) random.nextGaussian();
      }
      LogitTolerance.Agreement chunked =
          LogitTolerance.mnasNetB1()
              .compare(tensorFlow.logits(twelve, many), onnx.logits(twelve, many));
      System.out.println("twelve images (calls of 5 + 1 per part) at 224: " + chunked);
      assertThat(chunked.holds()).as(chunked.toString()).isTrue();
      List<byte[]> twelveEncoded =
          IntStream.range(0, many)
              .mapToObj(i -> i % 2 == 0 ? jpeg(256, 256, 10 + i) : png(240, 260, 10 + i))
              .toList();
      List<Classification> encodedByTensorFlow = tensorFlow.classifyEncoded(twelveEncoded);
      List<Classification> encodedByOnnx = onnx.classifyEncoded(twelveEncoded);
      LogitTolerance.Agreement chunkedEncoded =
          LogitTolerance.mnasNetB1()
              .compare(
                  encodedByTensorFlow.stream()
                      .map(c -> c.prediction().orElseThrow().logits())
                      .toArray(float[][]::new),
                  encodedByOnnx.stream()
                      .map(c -> c.prediction().orElseThrow().logits())
                      .toArray(float[][]::new));
      assertThat(chunkedEncoded.holds()).as(chunkedEncoded.toString()).isTrue();

      // One image is fewer than the two parts: ONNX Runtime runs it whole on its pooled session
      float[] one = java.util.Arrays.copyOf(other, 224 * 224 * 3);
      LogitTolerance.Agreement single =
          LogitTolerance.mnasNetB1().compare(tensorFlow.logits(one, 1), onnx.logits(one, 1));
      System.out.println("one image (pooled session) at 224: " + single);
      assertThat(single.holds()).as(single.toString()).isTrue();
      List<byte[]> oneJpeg = List.of(images.get(1));
      LogitTolerance.Agreement singleEncoded =
          LogitTolerance.mnasNetB1()
              .compare(
                  new float[][] {
                    tensorFlow.classifyEncoded(oneJpeg).get(0).prediction().orElseThrow().logits()
                  },
                  new float[][] {
                    onnx.classifyEncoded(oneJpeg).get(0).prediction().orElseThrow().logits()
                  });
      assertThat(singleEncoded.holds()).as(singleEncoded.toString()).isTrue();
    }
  }

  /** A smooth colour gradient with noise, JPEG quality 90. */
  private static byte[] jpeg(int width, int height, long seed) {
    return ImageEncoding.encodeJpeg(
        DecodedImage.rgb(width, height, picture(width, height, seed)), 0.9f);
  }

  private static byte[] png(int width, int height, long seed) {
    return ImageEncoding.encodePng(DecodedImage.rgb(width, height, picture(width, height, seed)));
  }

  private static byte[] picture(int width, int height, long seed) {
    Random random = new Random(seed);
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int at = (y * width + x) * 3;
        rgb[at] = (byte) (255 * x / width + random.nextInt(16));
        rgb[at + 1] = (byte) (255 * y / height + random.nextInt(16));
        rgb[at + 2] = (byte) (128 + random.nextInt(64));
      }
    }
    return rgb;
  }

  /**
   * The initializer's weights with every batch norm's gamma, beta, mean and variance drawn at
   * random (gamma in [0.5, 1.5], beta and mean N(0, 0.1), variance in [0.5, 2]), as a trained
   * network has them.
   */
  static ModelWeights withRandomBatchNorm(Network network, Random random) {
    ModelWeights initial =
        ModelWeights.initialized(
            network, ParameterInitializer.torchvision(3), ResolvedRuntime.cpuOnly());
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec spec : network.parameters()) {
      float[] value = initial.get(spec.name());
      if (spec.role() == ParameterRole.BATCH_NORM_GAMMA) {
        fill(value, () -> 0.5 + random.nextDouble());
      } else if (spec.role() == ParameterRole.BATCH_NORM_BETA
          || spec.role() == ParameterRole.BATCH_NORM_MOVING_MEAN) {
        fill(value, () -> 0.1 * random.nextGaussian());
      } else if (spec.role() == ParameterRole.BATCH_NORM_MOVING_VARIANCE) {
        fill(value, () -> 0.5 + 1.5 * random.nextDouble());
      }
      values.put(spec.name(), value);
    }
    assertThat(network.layers()).anyMatch(layer -> layer instanceof BatchNorm);
    return ModelWeights.of(network, values);
  }

  private static void fill(float[] values, java.util.function.DoubleSupplier next) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) next.getAsDouble();
    }
  }

  private static float[][] rows(float[] flat, int classes) {
    float[][] rows = new float[flat.length / classes][classes];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(flat, i * classes, rows[i], 0, classes);
    }
    return rows;
  }
}
