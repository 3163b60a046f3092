package io.mnasnet.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class MnasNetGraphBuilderTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.75, 1.0, 1.3})
  void graphTrainableElementsEqualSummaryParameters(double width) {
    Network network = MnasNetB1.network(MnasNetConfig.of(width, 1000, 224));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      ModelVariables variables =
          ModelVariables.create(tf, network, ParameterInitializer.torchvision(1));
      long elements = 0;
      for (Variable<TFloat32> variable : variables.trainable()) {
        elements += variable.shape().size();
      }
      assertThat(elements).isEqualTo(ModelSummary.of(network).parameters());
    }
  }

  @Test
  void variablesAreNamedAfterTorchvisionStateDictKeysInTensorFlowLayout() {
    Network network = MnasNetB1.network(MnasNetConfig.of(0.5, 10, 32));
    try (Graph graph = new Graph()) {
      ModelVariables.create(Ops.create(graph), network, ParameterInitializer.torchvision(1));
      assertThat(graph.operation("layers.0.weight").output(0).shape())
          .isEqualTo(Shape.of(3, 3, 3, 16));
      // stack 1, block 0: depthwise 3x3 over 8 * 3 channels (width 0.5 halves the 16 stem outputs)
      assertThat(graph.operation("layers.8.0.layers.3.weight").output(0).shape())
          .isEqualTo(Shape.of(3, 3, 24, 1));
      assertThat(graph.operation("layers.8.0.layers.4.running_mean").output(0).shape())
          .isEqualTo(Shape.of(24));
      assertThat(graph.operation("classifier.1.weight").output(0).shape())
          .isEqualTo(Shape.of(1280, 10));
      assertThat(graph.operation("classifier.1.bias").type()).isEqualTo("VariableV2");
    }
  }

  @Test
  void logitsHaveOneRowPerImageAndOneColumnPerClass() {
    try (Model model = new Model(MnasNetConfig.of(0.25, 7, 40), Mode.INFERENCE);
        TFloat32 images = randomImages(3, 40);
        Result result =
            model.session.runner().feed(model.images, images).fetch(model.pass.logits()).run()) {
      assertThat(result.get(0).shape()).isEqualTo(Shape.of(3, 7));
    }
  }

  @Test
  void trainingUpdatesMovingStatisticsWithPyTorchMomentum() {
    double momentum = 0.25;
    MnasNetConfig config = MnasNetConfig.of(0.25, 10, 32).withBatchNormMomentum(momentum);
    try (Model model = new Model(config, Mode.TRAINING);
        TFloat32 images = randomImages(4, 32)) {
      assertThat(model.pass.batchNormUpdates()).hasSize(2 * countBatchNorms(config));
      int stem = ChannelRounding.scale(32, 0.25);
      float[] mean1 = new float[stem];
      float[] var1 = new float[stem];
      float[] mean2 = new float[stem];
      float[] var2 = new float[stem];
      step(model, images, mean1, var1);
      step(model, images, mean2, var2);
      for (int c = 0; c < stem; c++) {
        // moving_0 = 0 (mean) / 1 (var); moving_k = (1-m) moving_{k-1} + m batch
        double batchMean = mean1[c] / momentum;
        double batchVar = (var1[c] - (1 - momentum)) / momentum;
        assertThat(mean2[c])
            .isCloseTo((float) ((1 - momentum) * mean1[c] + momentum * batchMean), within(1e-5f));
        assertThat(var2[c])
            .isCloseTo((float) ((1 - momentum) * var1[c] + momentum * batchVar), within(1e-4f));
      }
      assertThat(mean1).isNotEqualTo(new float[stem]);
    }
  }

  @Test
  void dropoutIsRandomInTrainingAndAbsentInInference() {
    MnasNetConfig config = MnasNetConfig.of(0.25, 10, 32).withDropout(0.5);
    try (TFloat32 images = randomImages(2, 32)) {
      try (Model training = new Model(config, Mode.TRAINING)) {
        assertThat(logits(training, images)).isNotEqualTo(logits(training, images));
      }
      try (Model inference = new Model(config, Mode.INFERENCE)) {
        assertThat(logits(inference, images)).isEqualTo(logits(inference, images));
        assertThat(inference.pass.batchNormUpdates()).isEmpty();
      }
    }
  }

  private static int countBatchNorms(MnasNetConfig config) {
    return (int)
        MnasNetB1.network(config).parameters().stream()
            .filter(p -> p.role() == ParameterRole.BATCH_NORM_MOVING_MEAN)
            .count();
  }

  private static void step(Model model, TFloat32 images, float[] mean, float[] variance) {
    var runner = model.session.runner().feed(model.images, images);
    model.pass.batchNormUpdates().forEach(runner::addTarget);
    runner.run().close();
    try (Result result =
        model
            .session
            .runner()
            .fetch(model.variables.get("layers.1.running_mean"))
            .fetch(model.variables.get("layers.1.running_var"))
            .run()) {
      ((TFloat32) result.get(0)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(mean));
      ((TFloat32) result.get(1)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(variance));
    }
  }

  private static float[] logits(Model model, TFloat32 images) {
    try (Result result =
        model.session.runner().feed(model.images, images).fetch(model.pass.logits()).run()) {
      TFloat32 logits = (TFloat32) result.get(0);
      float[] values = new float[(int) logits.size()];
      logits.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values));
      return values;
    }
  }

  static TFloat32 randomImages(int n, int size) {
    java.util.Random random = new java.util.Random(7);
    TFloat32 images = TFloat32.tensorOf(Shape.of(n, size, size, 3));
    images.scalars().forEach(x -> x.setFloat((float) random.nextGaussian()));
    return images;
  }

  /** A graph with one forward pass and its session. */
  private static final class Model implements AutoCloseable {
    final Graph graph = new Graph();
    final ModelVariables variables;
    final Placeholder<TFloat32> images;
    final ForwardPass pass;
    final Session session;

    Model(MnasNetConfig config, Mode mode) {
      Ops tf = Ops.create(graph);
      variables =
          ModelVariables.create(tf, MnasNetB1.network(config), ParameterInitializer.torchvision(3));
      images = tf.placeholder(TFloat32.class);
      pass = MnasNetGraphBuilder.forward(tf, images, variables, mode);
      session = new Session(graph);
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
