package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.mnasnet.inference.numeric.LogitTolerance;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.MetadataPipeline;
import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyArray;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Pretrained weights reach the training and evaluation graphs unchanged: the torchvision
 * Fashion-MNIST fixture, read the way {@code --init-from} reads it, reproduces PyTorch's logits;
 * fine-tuning to another class count keeps the backbone and re-initialises the classifier.
 */
class PretrainedWeightsTest {

  private static final String FIXTURE = "/fixtures/torchvision-mnasnet0_5-fmnist/";

  @TempDir Path temp;

  @Test
  void torchvisionWeightsReproducePyTorchLogitsThroughTheMetadataPreprocessing() throws Exception {
    ModelWeights weights =
        PretrainedWeights.read(fixture("weights.safetensors"), 0.5, 32, ResolvedRuntime.cpuOnly());
    Network network = weights.network();
    assertThat(network.config().numClasses()).isEqualTo(10);

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
    try (InferenceGraph graph = new InferenceGraph(network, ResolvedRuntime.cpuOnly())) {
      graph.load(weights);
      logits = graph.logits(new Batch(0, n, 32, 32, 3, images, new int[n]));
      graph.save(temp.resolve("weights"));
    }
    float[] expected = Npy.read(fixture("logits.npy")).floats();
    assertThat(logits).hasSameSizeAs(expected);
    LogitTolerance.Agreement agreement = LogitTolerance.mnasNetB1().compare(expected, logits, 10);
    System.out.println("training graph's inference vs PyTorch: " + agreement);
    assertThat(agreement.holds()).as(agreement.toString()).isTrue();
    // an inference checkpoint restores the same values
    try (InferenceGraph graph = new InferenceGraph(network, ResolvedRuntime.cpuOnly())) {
      graph.restore(temp.resolve("weights"));
      assertThat(graph.weights().get("layers.0.weight"))
          .containsExactly(weights.get("layers.0.weight"));
    }
  }

  @Test
  void fineTuningToOtherClassesKeepsTheBackboneAndReinitialisesTheClassifier() throws Exception {
    ModelWeights weights =
        PretrainedWeights.read(fixture("weights.safetensors"), 0.5, 32, ResolvedRuntime.cpuOnly());
    Network fiveClasses = MnasNetB1.network(MnasNetConfig.of(0.5, 5, 32));
    try (Graph graph = new Graph()) {
      ModelVariables variables =
          ModelVariables.create(
              Ops.create(graph), fiveClasses, ParameterInitializer.torchvision(1));
      try (Session session = new Session(graph)) {
        List<String> skipped = WeightAssignment.assign(session, variables, weights);
        assertThat(skipped).containsExactly("classifier.1.weight", "classifier.1.bias");
        ModelWeights loaded = ModelWeights.fetch(session, variables);
        assertThat(loaded.get("layers.3.weight")).containsExactly(weights.get("layers.3.weight"));
        assertThat(loaded.get("layers.1.running_var"))
            .containsExactly(weights.get("layers.1.running_var"));
        assertThat(loaded.get("classifier.1.weight")).hasSize(1280 * 5);
      }
    }
  }

  @Test
  void weightsOfAnotherWidthAreRefusedWithAHint() throws Exception {
    assertThatThrownBy(
            () ->
                PretrainedWeights.read(
                    fixture("weights.safetensors"), 1.0, 32, ResolvedRuntime.cpuOnly()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layers.0.weight")
        .hasMessageContaining("width");
  }

  @Test
  void aPathThatIsNoModelSaysWhatIsExpected() throws Exception {
    assertThatThrownBy(() -> PretrainedWeights.read(temp, 0.5, 32, ResolvedRuntime.cpuOnly()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(".safetensors")
        .hasMessageContaining("saved_model.pb")
        .hasMessageContaining("run.json");
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(PretrainedWeightsTest.class.getResource(FIXTURE + name).toURI());
  }
}
