package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
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
    return build(tf, images, variables, mode, false);
  }

  /**
   * An inference pass with every BatchNorm folded into the convolution before it (a convolution
   * with bias), computing the same function as {@link Mode#INFERENCE} within 1e-5. Uses the same
   * variables with their unchanged values, so it restores the same checkpoints. On the 2-core CPU
   * it was measured within noise of the unfolded graph (TensorFlow's optimizer already fuses much
   * of BatchNorm), so exports do not use it by default.
   */
  public static ForwardPass inferenceWithFoldedBatchNorm(
      Ops tf, Operand<TFloat32> images, ModelVariables variables) {
    return build(tf, images, variables, Mode.INFERENCE, true);
  }

  /**
   * Training-mode forward passes of {@code replicas.size()} data-parallel replicas sharing {@code
   * variables}, built layer by layer in lockstep: replica {@code i}'s ops on {@code
   * replicas.get(i)} (its device and name scope) reading {@code images.get(i)}. BatchNorm uses each
   * replica's own batch statistics (PyTorch's {@code DataParallel}) or, with {@code
   * synchronisedBatchNorm}, the statistics of all replicas' images together ({@link
   * SynchronisedBatchNorm}, combined on {@code shared}'s device). The moving statistics are
   * assigned once per step, on {@code shared}: the average of the replicas' values (each replica's
   * blend of the moving value with its own batch's), or the whole batch's.
   */
  public static ReplicatedForwardPass replicated(
      Ops shared,
      List<Ops> replicas,
      List<Operand<TFloat32>> images,
      ModelVariables variables,
      boolean synchronisedBatchNorm) {
    if (replicas.isEmpty() || replicas.size() != images.size()) {
      throw new IllegalArgumentException(
          "one image batch per replica: " + replicas.size() + " replicas, " + images.size());
    }
    List<LayerOps> ops = new ArrayList<>();
    for (Ops replica : replicas) {
      ops.add(new LayerOps(replica, variables, Mode.TRAINING, false));
    }
    Lockstep lockstep = new Lockstep(shared, ops, synchronisedBatchNorm);
    List<Layer> layers = variables.network().layers();
    int dropout = dropoutIndex(layers);
    List<Operand<TFloat32>> features = lockstep.applyAll(layers.subList(0, dropout), images);
    List<Operand<TFloat32>> logits =
        lockstep.applyAll(layers.subList(dropout, layers.size()), features);
    return new ReplicatedForwardPass(features, logits, lockstep.movingStatisticUpdates());
  }

  private static int dropoutIndex(List<Layer> layers) {
    int dropout = -1;
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Dropout) {
        dropout = i;
      }
    }
    if (dropout < 0) {
      throw new IllegalStateException("the network has no dropout before its classifier");
    }
    return dropout;
  }

  /** Applies layers to every replica's activations, one layer at a time. */
  private static final class Lockstep {
    private final Ops shared;
    private final List<LayerOps> replicas;
    private final boolean synchronisedBatchNorm;
    private final List<LayerOps.MovingStatistic> synchronisedStatistics = new ArrayList<>();

    Lockstep(Ops shared, List<LayerOps> replicas, boolean synchronisedBatchNorm) {
      this.shared = shared;
      this.replicas = replicas;
      this.synchronisedBatchNorm = synchronisedBatchNorm && replicas.size() > 1;
    }

    List<Operand<TFloat32>> applyAll(List<Layer> layers, List<Operand<TFloat32>> inputs) {
      List<Operand<TFloat32>> xs = inputs;
      for (Layer layer : layers) {
        xs = apply(layer, xs);
      }
      return xs;
    }

    private List<Operand<TFloat32>> apply(Layer layer, List<Operand<TFloat32>> xs) {
      if (layer instanceof BatchNorm batchNorm && synchronisedBatchNorm) {
        return SynchronisedBatchNorm.apply(shared, replicas, xs, batchNorm, synchronisedStatistics);
      }
      if (layer instanceof InvertedResidual block) {
        List<Operand<TFloat32>> ys = applyAll(block.layers(), xs);
        if (!block.residual()) {
          return ys;
        }
        List<Operand<TFloat32>> sums = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
          sums.add(replicas.get(i).add(ys.get(i), xs.get(i), block.name()));
        }
        return sums;
      }
      List<Operand<TFloat32>> outputs = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        outputs.add(MnasNetGraphBuilder.apply(replicas.get(i), layer, xs.get(i), false));
      }
      return outputs;
    }

    /** One assignment per moving statistic, on the shared device. */
    List<Op> movingStatisticUpdates() {
      Ops scope = shared.withSubScope("moving_statistics");
      List<Op> updates = new ArrayList<>();
      if (synchronisedBatchNorm) {
        for (LayerOps.MovingStatistic statistic : synchronisedStatistics) {
          updates.add(scope.assign(statistic.variable(), statistic.value()));
        }
        return updates;
      }
      List<List<LayerOps.MovingStatistic>> perReplica =
          replicas.stream().map(LayerOps::movingStatistics).toList();
      Operand<TFloat32> parts = scope.constant((float) replicas.size());
      for (int k = 0; k < perReplica.get(0).size(); k++) {
        List<Operand<TFloat32>> values = new ArrayList<>();
        for (List<LayerOps.MovingStatistic> replica : perReplica) {
          values.add(replica.get(k).value());
        }
        Operand<TFloat32> average =
            values.size() == 1 ? values.get(0) : scope.math.div(scope.math.addN(values), parts);
        updates.add(scope.assign(perReplica.get(0).get(k).variable(), average));
      }
      return updates;
    }
  }

  private static ForwardPass build(
      Ops tf, Operand<TFloat32> images, ModelVariables variables, Mode mode, boolean fold) {
    LayerOps ops = new LayerOps(tf, variables, mode);
    List<Layer> layers = variables.network().layers();
    int dropout = dropoutIndex(layers);
    Operand<TFloat32> features = applyAll(ops, layers.subList(0, dropout), images, fold);
    Operand<TFloat32> logits =
        applyAll(ops, layers.subList(dropout, layers.size()), features, fold);
    return new ForwardPass(mode, images, features, logits, ops.batchNormUpdates());
  }

  private static Operand<TFloat32> applyAll(
      LayerOps ops, List<Layer> layers, Operand<TFloat32> input, boolean fold) {
    Operand<TFloat32> x = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (fold
          && layer instanceof Convolution convolution
          && i + 1 < layers.size()
          && layers.get(i + 1) instanceof BatchNorm batchNorm) {
        x = ops.foldedConvolution(x, convolution, batchNorm);
        i++;
      } else {
        x = apply(ops, layer, x, fold);
      }
    }
    return x;
  }

  private static Operand<TFloat32> apply(
      LayerOps ops, Layer layer, Operand<TFloat32> x, boolean fold) {
    if (layer instanceof Convolution convolution) {
      return ops.convolution(x, convolution);
    } else if (layer instanceof BatchNorm batchNorm) {
      return ops.batchNorm(x, batchNorm);
    } else if (layer instanceof Relu relu) {
      return ops.relu(x, relu);
    } else if (layer instanceof InvertedResidual block) {
      Operand<TFloat32> y = applyAll(ops, block.layers(), x, fold);
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
