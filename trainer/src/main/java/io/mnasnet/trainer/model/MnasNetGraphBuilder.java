package io.mnasnet.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the forward pass of a {@link Network} into a TensorFlow graph, for training or inference.
 * The same builder, on the same {@link ModelVariables}, builds both: training and evaluation towers
 * in one graph share their weights, and an inference graph built in a fresh graph restores a
 * training checkpoint by variable name.
 *
 * <pre>{@code
 * Ops tf = Ops.create(graph);
 * Network network = MnasNetB1.network(MnasNetConfig.of(0.5, 10, 32));
 * ModelVariables variables =
 *     ModelVariables.create(tf, network, ParameterInitializer.torchvision(42));
 * Placeholder<TFloat32> images =
 *     tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
 * ForwardPass train = MnasNetGraphBuilder.forward(tf, images, variables, Mode.TRAINING);
 * // loss on train.logits(); gradients for variables.trainable();
 * // run train.batchNormUpdates() with every step
 * }</pre>
 */
public final class MnasNetGraphBuilder {

  private MnasNetGraphBuilder() {}

  /**
   * Adds the network's forward pass on {@code images} (float32 NHWC, already normalised) to {@code
   * tf}'s graph, using {@code variables}. Op names are scoped by {@code tf}'s name scope, so two
   * passes in one graph need different scopes (e.g. {@code tf.withSubScope("eval")}).
   */
  public static ForwardPass forward(
      Ops tf, Operand<TFloat32> images, ModelVariables variables, Mode mode) {
    LayerOps ops = new LayerOps(tf, variables, mode);
    Operand<TFloat32> x = images;
    Operand<TFloat32> features = null;
    for (Layer layer : variables.network().layers()) {
      if (layer instanceof Dropout) {
        features = x;
      }
      x = apply(ops, layer, x);
    }
    if (features == null) {
      throw new IllegalStateException("the network has no dropout before its classifier");
    }
    return new ForwardPass(mode, images, features, x, ops.batchNormUpdates());
  }

  private static Operand<TFloat32> apply(LayerOps ops, Layer layer, Operand<TFloat32> x) {
    if (layer instanceof Convolution convolution) {
      return ops.convolution(x, convolution);
    } else if (layer instanceof BatchNorm batchNorm) {
      return ops.batchNorm(x, batchNorm);
    } else if (layer instanceof Relu relu) {
      return ops.relu(x, relu);
    } else if (layer instanceof InvertedResidual block) {
      Operand<TFloat32> y = x;
      for (Layer inner : block.layers()) {
        y = apply(ops, inner, y);
      }
      // No ReLU after the addition (linear bottleneck).
      return block.residual() ? ops.add(y, x, block.name()) : y;
    } else if (layer instanceof GlobalAveragePool pool) {
      return ops.globalAveragePool(x, pool);
    } else if (layer instanceof Dropout dropout) {
      return ops.dropout(x, dropout);
    } else if (layer instanceof Linear linear) {
      return ops.linear(x, linear);
    }
    throw new IllegalArgumentException("unsupported layer " + layer);
  }
}
