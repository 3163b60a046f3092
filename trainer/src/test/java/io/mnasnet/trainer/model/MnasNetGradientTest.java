package io.mnasnet.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Analytic gradients ({@code Graph.addGradients}) of a small MnasNet against central finite
 * differences, for the input and parameters across the network.
 *
 * <p>FusedBatchNorm exists only in float32, so this is a float32 check. In inference mode the
 * function is piecewise linear and single coordinates are compared with a step of 1e-3. In training
 * mode BatchNorm over a small batch makes the function strongly curved, so single coordinates
 * cannot be resolved in float32 (too small a step drowns in rounding, too large a step in
 * curvature); there the derivative along the gradient's own direction, which must equal the
 * gradient's norm, is compared with a small step.
 */
class MnasNetGradientTest {

  private static final int BATCH = 4;
  private static final int SIZE = 64;
  private static final int CLASSES = 5;

  private static Graph graph;
  private static Session session;
  private static ModelVariables variables;
  private static Placeholder<TFloat32> images;
  private static Operand<TFloat32> trainingLoss;
  private static Operand<TFloat32> inferenceLoss;
  private static TFloat32 input;

  @BeforeAll
  static void buildSmallNetwork() {
    // No dropout: finite differences need a deterministic function. Momentum 1: one training
    // step sets the moving statistics to the batch's, so inference mode sees realistic scales.
    MnasNetConfig config =
        MnasNetConfig.of(0.25, CLASSES, SIZE).withDropout(0).withBatchNormMomentum(1);
    graph = new Graph();
    Ops tf = Ops.create(graph);
    variables =
        ModelVariables.create(
            tf,
            MnasNetB1.network(config),
            ParameterInitializer.torchvision(11).withClassifierNormal(0.01));
    images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, SIZE, SIZE, 3)));
    ForwardPass training = MnasNetGraphBuilder.forward(tf, images, variables, Mode.TRAINING);
    ForwardPass inference =
        MnasNetGraphBuilder.forward(tf.withSubScope("eval"), images, variables, Mode.INFERENCE);
    // A loss that weighs every logit differently, so no gradient vanishes by symmetry.
    float[][] weights = new float[BATCH][CLASSES];
    Random random = new Random(5);
    for (float[] row : weights) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) random.nextGaussian();
      }
    }
    trainingLoss = weightedSum(tf, training.logits(), weights);
    inferenceLoss = weightedSum(tf, inference.logits(), weights);

    session = new Session(graph);
    input = MnasNetGraphBuilderTest.randomImages(BATCH, SIZE);
    Session.Runner runner = session.runner().feed(images, input);
    training.batchNormUpdates().forEach(runner::addTarget);
    runner.run().close();
  }

  private static Operand<TFloat32> weightedSum(
      Ops tf, Operand<TFloat32> logits, float[][] weights) {
    return tf.reduceSum(tf.math.mul(logits, tf.constant(weights)), tf.constant(new int[] {0, 1}));
  }

  @AfterAll
  static void close() {
    input.close();
    session.close();
    graph.close();
  }

  @ParameterizedTest
  @CsvSource({
    "INFERENCE, images",
    "INFERENCE, layers.0.weight",
    "INFERENCE, layers.1.weight",
    "INFERENCE, layers.3.weight",
    "INFERENCE, layers.8.0.layers.3.weight",
    "INFERENCE, layers.9.1.layers.6.weight",
    "INFERENCE, layers.12.2.layers.7.bias",
    "INFERENCE, layers.14.weight",
    "INFERENCE, classifier.1.weight",
    "INFERENCE, classifier.1.bias",
    "TRAINING, images",
    "TRAINING, layers.0.weight",
    "TRAINING, layers.8.0.layers.3.weight",
    "TRAINING, layers.14.weight",
    "TRAINING, classifier.1.weight",
  })
  void gradientMatchesCentralDifferencesAtRandomCoordinates(Mode mode, String name) {
    Operand<TFloat32> loss = mode == Mode.TRAINING ? trainingLoss : inferenceLoss;
    Output<TFloat32> x = tensor(name);
    float[] value = valueOf(x);
    float[] gradient = gradient(loss, x, value);

    Random random = new Random(name.hashCode());
    double[] analytic = new double[6];
    double[] numeric = new double[analytic.length];
    for (int sample = 0; sample < analytic.length; sample++) {
      int i = random.nextInt(value.length);
      float[] unit = new float[value.length];
      unit[i] = 1;
      analytic[sample] = gradient[i];
      numeric[sample] = centralDifference(loss, x, value, unit, 1e-4);
    }
    double error = 0;
    double size = 0;
    for (int k = 0; k < analytic.length; k++) {
      error += Math.pow(numeric[k] - analytic[k], 2);
      size += analytic[k] * analytic[k];
    }
    assertThat(Math.sqrt(size)).as("gradient of %s", name).isGreaterThan(1e-3);
    // float32 finite differences resolve these coordinates to a few per cent (rounding at small
    // steps, ReLU kinks at large ones): compare the sampled coordinates as one vector.
    assertThat(Math.sqrt(error / size))
        .as(
            "relative error of %s: analytic %s, numeric %s",
            name, Arrays.toString(analytic), Arrays.toString(numeric))
        .isLessThan(0.15);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "images",
        "layers.0.weight",
        "layers.3.weight",
        "layers.8.0.layers.3.weight",
        "layers.9.1.layers.6.weight",
        "layers.14.weight",
        "layers.15.weight",
        "classifier.1.weight",
        "classifier.1.bias"
      })
  void trainingGradientMatchesCentralDifferenceAlongItsDirection(String name) {
    Output<TFloat32> x = tensor(name);
    float[] value = valueOf(x);
    float[] gradient = gradient(trainingLoss, x, value);
    double norm = norm(gradient);
    assertThat(norm).as("gradient norm of %s", name).isGreaterThan(1e-2);

    float[] direction = new float[gradient.length];
    for (int i = 0; i < direction.length; i++) {
      direction[i] = (float) (gradient[i] / norm);
    }
    // A step of 1e-5 of the tensor's norm: small against the curvature, and the loss still
    // changes by 1e-5 * |x| * |g|, far above float32 rounding.
    double step = 1e-5 * Math.max(norm(value), 1);
    double numeric = centralDifference(trainingLoss, x, value, direction, step);
    assertThat(numeric)
        .as("derivative of the loss along the gradient of %s", name)
        .isCloseTo(norm, within(0.1 * norm));
  }

  private static Output<TFloat32> tensor(String name) {
    return name.equals("images") ? images.asOutput() : variables.get(name).asOutput();
  }

  private static float[] gradient(Operand<TFloat32> loss, Output<TFloat32> x, float[] value) {
    Output<?>[] gradient = graph.addGradients(loss.asOutput(), new Output<?>[] {x});
    try (TFloat32 fed = tensorOf(x, value);
        Result result = feed(x, fed).fetch(gradient[0]).run()) {
      return toArray((TFloat32) result.get(0));
    }
  }

  private static double centralDifference(
      Operand<TFloat32> loss, Output<TFloat32> x, float[] value, float[] direction, double step) {
    float[] plus = new float[value.length];
    float[] minus = new float[value.length];
    for (int i = 0; i < value.length; i++) {
      plus[i] = (float) (value[i] + step * direction[i]);
      minus[i] = (float) (value[i] - step * direction[i]);
    }
    // The step actually taken, after rounding to float32.
    double taken = 0;
    for (int i = 0; i < value.length; i++) {
      taken += (plus[i] - (double) minus[i]) * direction[i];
    }
    return (lossAt(loss, x, plus) - lossAt(loss, x, minus)) / taken;
  }

  private static double lossAt(Operand<TFloat32> loss, Output<TFloat32> x, float[] value) {
    try (TFloat32 fed = tensorOf(x, value);
        Result result = feed(x, fed).fetch(loss).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  /** Feeds the images, and {@code value} for {@code x} (a variable's output can be fed too). */
  private static Session.Runner feed(Output<TFloat32> x, TFloat32 value) {
    if (x.equals(images.asOutput())) {
      return session.runner().feed(images, value);
    }
    return session.runner().feed(images, input).feed(x, value);
  }

  private static float[] valueOf(Output<TFloat32> x) {
    if (x.equals(images.asOutput())) {
      return toArray(input);
    }
    try (Result result = session.runner().fetch(x).run()) {
      return toArray((TFloat32) result.get(0));
    }
  }

  private static TFloat32 tensorOf(Output<TFloat32> x, float[] value) {
    Shape shape = x.equals(images.asOutput()) ? input.shape() : x.shape();
    return TFloat32.tensorOf(shape, DataBuffers.of(value, true, false));
  }

  private static float[] toArray(TFloat32 tensor) {
    float[] values = new float[(int) tensor.size()];
    tensor.copyTo(DataBuffers.of(values));
    return values;
  }

  private static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
