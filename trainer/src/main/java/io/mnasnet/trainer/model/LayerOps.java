package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow plumbing behind each kind of {@link Layer}: which op, which layout, which padding,
 * which variables. Each layer's ops live in a name scope named after the layer (e.g. {@code
 * layers.8.0.layers.3/DepthwiseConv2dNative}). One instance serves one forward pass and collects
 * the BatchNorm moving-statistics updates that pass produces in training mode.
 */
final class LayerOps {

  private static final String NHWC = "NHWC";

  private final Ops tf;
  private final ModelVariables variables;
  private final Mode mode;
  private final MnasNetConfig config;
  private final boolean assignsMovingStatistics;
  private final List<Op> batchNormUpdates = new ArrayList<>();
  private final List<MovingStatistic> movingStatistics = new ArrayList<>();
  private long dropoutSeed2;

  /**
   * A new value for a BatchNorm moving mean or variance, computed by a training-mode pass: what one
   * replica's batch would make of it.
   */
  record MovingStatistic(Variable<TFloat32> variable, Operand<TFloat32> value) {}

  LayerOps(Ops tf, ModelVariables variables, Mode mode) {
    this(tf, variables, mode, true);
  }

  /**
   * @param assignsMovingStatistics whether training-mode BatchNorm assigns its moving statistics
   *     itself ({@link #batchNormUpdates()}); a replica leaves that to the caller, which combines
   *     the replicas' {@link #movingStatistics()}
   */
  LayerOps(Ops tf, ModelVariables variables, Mode mode, boolean assignsMovingStatistics) {
    this.tf = tf;
    this.variables = variables;
    this.mode = mode;
    this.config = variables.network().config();
    this.assignsMovingStatistics = assignsMovingStatistics;
  }

  /** The moving-statistics assignments produced so far (training mode only). */
  List<Op> batchNormUpdates() {
    return List.copyOf(batchNormUpdates);
  }

  /** The new moving statistics computed so far, in layer order (training mode only). */
  List<MovingStatistic> movingStatistics() {
    return List.copyOf(movingStatistics);
  }

  /** The ops this pass is built with (its device and name scope). */
  Ops ops() {
    return tf;
  }

  Mode mode() {
    return mode;
  }

  ModelVariables variables() {
    return variables;
  }

  Operand<TFloat32> convolution(Operand<TFloat32> x, Convolution layer) {
    return convolve(x, layer, variables.get(layer.parameters().get(0).name()));
  }

  private Operand<TFloat32> convolve(
      Operand<TFloat32> x, Convolution layer, Operand<TFloat32> kernel) {
    Ops scope = tf.withSubScope(layer.name());
    List<Long> strides = List.of(1L, (long) layer.stride(), (long) layer.stride(), 1L);
    // PyTorch pads k//2 on every side. At stride 1 (odd kernels) TensorFlow's SAME does the same;
    // at stride 2 SAME pads unevenly, so pad explicitly and convolve VALID. (The convolutions'
    // own EXPLICIT padding has no working gradient in TensorFlow 2.18's C++ gradients.)
    String padding = "SAME";
    Operand<TFloat32> input = x;
    if (layer.padding() == 0) {
      padding = "VALID";
    } else if (layer.stride() != 1) {
      padding = "VALID";
      int p = layer.padding();
      input =
          scope.pad(
              x, scope.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), scope.constant(0f));
    }
    if (layer.depthwise()) {
      return scope.nn.depthwiseConv2dNative(
          input, kernel, strides, padding, DepthwiseConv2dNative.dataFormat(NHWC));
    }
    return scope.nn.conv2d(input, kernel, strides, padding, Conv2d.dataFormat(NHWC));
  }

  /**
   * A convolution followed by an inference-mode BatchNorm, computed as one convolution with a bias:
   * {@code conv(x, W) * s + (beta - mean * s) = conv(x, W * s) + (beta - mean * s)} with {@code s =
   * gamma / sqrt(var + eps)} per output channel. The variables keep their torchvision values; the
   * folding happens in the graph (a few small ops on the weights per run), which leaves
   * convolution, bias and ReLU for TensorFlow's optimizer to fuse.
   */
  Operand<TFloat32> foldedConvolution(Operand<TFloat32> x, Convolution conv, BatchNorm norm) {
    if (mode != Mode.INFERENCE) {
      throw new IllegalStateException("BatchNorm can only be folded in inference mode");
    }
    Ops scope = tf.withSubScope(norm.name());
    Operand<TFloat32> scale =
        scope.math.mul(
            variables.get(norm.gammaName()),
            scope.math.rsqrt(
                scope.math.add(
                    variables.get(norm.movingVarianceName()),
                    scope.constant((float) config.batchNormEpsilon()))));
    Operand<TFloat32> bias =
        scope.math.sub(
            variables.get(norm.betaName()),
            scope.math.mul(variables.get(norm.movingMeanName()), scale));
    Variable<TFloat32> kernel = variables.get(conv.parameters().get(0).name());
    // HWIO: output channels are the last axis; depthwise HWC1: the third (channel multiplier 1).
    Operand<TFloat32> kernelScale =
        conv.depthwise() ? scope.reshape(scale, scope.constant(new long[] {-1, 1})) : scale;
    Operand<TFloat32> foldedKernel = scope.math.mul(kernel, kernelScale);
    return scope.nn.biasAdd(convolve(x, conv, foldedKernel), bias, BiasAdd.dataFormat(NHWC));
  }

  Operand<TFloat32> batchNorm(Operand<TFloat32> x, BatchNorm layer) {
    Ops scope = tf.withSubScope(layer.name());
    Variable<TFloat32> movingMean = variables.get(layer.movingMeanName());
    Variable<TFloat32> movingVariance = variables.get(layer.movingVarianceName());
    boolean training = mode == Mode.TRAINING;
    FusedBatchNorm<TFloat32, TFloat32> normalized =
        scope.nn.fusedBatchNorm(
            x,
            variables.get(layer.gammaName()),
            variables.get(layer.betaName()),
            movingMean,
            movingVariance,
            FusedBatchNorm.epsilon((float) config.batchNormEpsilon()),
            FusedBatchNorm.isTraining(training),
            FusedBatchNorm.exponentialAvgFactor(training ? (float) config.batchNormMomentum() : 1f),
            FusedBatchNorm.dataFormat(NHWC));
    if (training) {
      // With exponentialAvgFactor < 1 the op returns the blended moving statistics
      // ((1-m) * moving + m * batch, unbiased variance as in PyTorch): assign them back.
      movingStatistics.add(new MovingStatistic(movingMean, normalized.batchMean()));
      movingStatistics.add(new MovingStatistic(movingVariance, normalized.batchVariance()));
      if (assignsMovingStatistics) {
        batchNormUpdates.add(
            scope.withName("update_running_mean").assign(movingMean, normalized.batchMean()));
        batchNormUpdates.add(
            scope
                .withName("update_running_var")
                .assign(movingVariance, normalized.batchVariance()));
      }
    }
    return normalized.y();
  }

  Operand<TFloat32> relu(Operand<TFloat32> x, Relu layer) {
    return tf.withSubScope(layer.name()).nn.relu(x);
  }

  Operand<TFloat32> add(Operand<TFloat32> x, Operand<TFloat32> y, String name) {
    return tf.withSubScope(name).math.add(x, y);
  }

  Operand<TFloat32> globalAveragePool(Operand<TFloat32> x, GlobalAveragePool layer) {
    Ops scope = tf.withSubScope(layer.name());
    return scope.math.mean(x, scope.constant(new int[] {1, 2}));
  }

  Operand<TFloat32> dropout(Operand<TFloat32> x, Dropout layer) {
    if (mode == Mode.INFERENCE || layer.rate() == 0) {
      return x;
    }
    Ops scope = tf.withSubScope(layer.name());
    // The mask comes from a comparison, so the random op is off the gradient path (random ops
    // have no gradient in TensorFlow Java).
    Operand<TFloat32> uniform =
        scope.random.randomUniform(
            scope.shape(x),
            TFloat32.class,
            RandomUniform.seed(variables.initializer().seed()),
            RandomUniform.seed2(1_000_000L + dropoutSeed2++));
    Operand<TFloat32> keep =
        scope.dtypes.cast(
            scope.math.greaterEqual(uniform, scope.constant((float) layer.rate())), TFloat32.class);
    return scope.math.mul(
        scope.math.mul(x, keep), scope.constant((float) (1.0 / (1.0 - layer.rate()))));
  }

  Operand<TFloat32> linear(Operand<TFloat32> x, Linear layer) {
    Ops scope = tf.withSubScope(layer.name());
    return scope.nn.biasAdd(
        scope.linalg.matMul(x, variables.get(layer.weightName())), variables.get(layer.biasName()));
  }
}
