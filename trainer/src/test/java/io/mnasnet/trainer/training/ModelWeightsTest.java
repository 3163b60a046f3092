package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.MetadataPipeline;
import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyArray;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Weights move between torchvision files, graphs and checkpoints without changing the model: the
 * torchvision Fashion-MNIST fixture, imported the way {@code --init-from} imports it, reproduces
 * PyTorch's logits.
 */
class ModelWeightsTest {

  private static final String FIXTURE = "/fixtures/torchvision-mnasnet0_5-fmnist/";

  @TempDir Path temp;

  @Test
  void permuteTransposesLikeNumpy() {
    // a[i][j][k] = 100 i + 10 j + k, shape 2x3x4; transpose(2, 0, 1) -> shape 4x2x3
    float[] data = new float[24];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          data[(i * 3 + j) * 4 + k] = 100 * i + 10 * j + k;
        }
      }
    }
    ModelWeights.Values out = ModelWeights.permute(data, new long[] {2, 3, 4}, new int[] {2, 0, 1});
    assertThat(out.shape()).containsExactly(4, 2, 3);
    // out[k][i][j] = a[i][j][k]
    assertThat(out.data()[(3 * 2 + 1) * 3 + 2]).isEqualTo(100 * 1 + 10 * 2 + 3);
    assertThat(out.data()[0]).isZero();
  }

  @Test
  void torchvisionWeightsImportedForInferenceReproducePyTorchLogits() throws Exception {
    Network network = MnasNetB1.network(MnasNetConfig.of(0.5, 10, 32));
    ModelWeights weights = ModelWeights.fromSafetensors(fixture("weights.safetensors"), network);
    assertThat(weights.values()).hasSameSizeAs(network.parameters());

    // preprocess the raw images with the metadata pipeline: equals the fixture's input
    NpyArray raw = Npy.read(fixture("images_uint8.npy"));
    NpyArray input = Npy.read(fixture("input.npy")); // NCHW
    ImageTransform preprocessing = MetadataPipeline.of(TrainingData.fashionMnistPreprocessing());
    int n = 16;
    float[] images = new float[n * 32 * 32 * 3];
    for (int i = 0; i < n; i++) {
      FloatImage image =
          preprocessing.apply(
              FloatImage.fromUnsignedBytes(raw.unsignedBytes(), i * 784, 28, 28, 1),
              new SplittableRandom(0));
      System.arraycopy(image.pixels(), 0, images, i * 3072, 3072);
    }
    float[] nchw = input.floats();
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          for (int c = 0; c < 3; c++) {
            assertThat(images[((i * 32 + y) * 32 + x) * 3 + c])
                .isCloseTo(nchw[((i * 3 + c) * 32 + y) * 32 + x], offset(1e-6f));
          }
        }
      }
    }

    float[] logits;
    try (InferenceGraph graph = new InferenceGraph(network)) {
      graph.load(weights);
      logits = graph.logits(new Batch(0, n, 32, 32, 3, images, new int[n]));
      // and through an inference checkpoint and back
      graph.save(temp.resolve("weights"));
    }
    float[] expected = Npy.read(fixture("logits.npy")).floats();
    assertThat(logits).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(logits[i]).isCloseTo(expected[i], offset(2e-4f));
    }
    ModelWeights reread = ModelWeights.fromCheckpoint(temp.resolve("weights"), network);
    assertThat(reread.values().get("layers.0.weight").data())
        .containsExactly(weights.values().get("layers.0.weight").data());
  }

  @Test
  void fineTuningToOtherClassesKeepsTheBackboneAndSkipsTheClassifier() throws Exception {
    Network tenClasses = MnasNetB1.network(MnasNetConfig.of(0.5, 10, 32));
    ModelWeights weights = ModelWeights.fromSafetensors(fixture("weights.safetensors"), tenClasses);
    Network fiveClasses = MnasNetB1.network(MnasNetConfig.of(0.5, 5, 32));
    try (Graph graph = new Graph()) {
      ModelVariables variables =
          ModelVariables.create(
              Ops.create(graph), fiveClasses, ParameterInitializer.torchvision(1));
      try (Session session = new Session(graph)) {
        List<String> skipped = weights.assignTo(session, variables, true);
        assertThat(skipped).containsExactly("classifier.1.weight", "classifier.1.bias");
        ModelWeights loaded = ModelWeights.fetch(session, variables.all());
        assertThat(loaded.values().get("layers.3.weight").data())
            .containsExactly(weights.values().get("layers.3.weight").data());
        assertThat(loaded.values().get("classifier.1.weight").shape()).containsExactly(1280, 5);
      }
    }
    try (Graph graph = new Graph()) {
      ModelVariables variables =
          ModelVariables.create(
              Ops.create(graph), fiveClasses, ParameterInitializer.torchvision(1));
      try (Session session = new Session(graph)) {
        assertThatThrownBy(() -> weights.assignTo(session, variables, false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("classifier.1.weight");
      }
    }
  }

  @Test
  void aWidthMismatchIsRefusedWithTheTensorName() throws Exception {
    Network wider = MnasNetB1.network(MnasNetConfig.of(1.0, 10, 32));
    ModelWeights weights = ModelWeights.fromSafetensors(fixture("weights.safetensors"), wider);
    try (InferenceGraph graph = new InferenceGraph(wider)) {
      assertThatThrownBy(() -> graph.load(weights))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("layers.0.weight");
    }
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(ModelWeightsTest.class.getResource(FIXTURE + name).toURI());
  }
}
