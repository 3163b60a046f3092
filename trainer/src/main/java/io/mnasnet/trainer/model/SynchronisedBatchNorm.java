package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Training-mode BatchNorm over the images of all replicas together (PyTorch's {@code
 * SyncBatchNorm}): each replica computes the mean and the (biased) variance of its own part, the
 * shared device combines them into the statistics of the whole batch ({@code mean = avg(mean_i)},
 * {@code var = avg(var_i + (mean_i - mean)^2)}, every part the same size), and each replica
 * normalises its part with them. N replicas of B/N images then compute what one replica of B does.
 *
 * <p>Written with elementwise ops rather than the fused kernel so that gradients flow through the
 * shared statistics into every replica (the fused op's inference mode, which takes given
 * statistics, has no gradient for them). One exchange per layer: on GPUs a synchronisation point in
 * the forward and the backward pass, which is why it is an option and per-replica statistics
 * (PyTorch's {@code DataParallel}) the default.
 */
final class SynchronisedBatchNorm {

  private SynchronisedBatchNorm() {}

  /**
   * Normalises every replica's input with the statistics of all of them and returns the outputs, in
   * replica order; the moving statistics' new values go to {@code statistics} (once, not per
   * replica).
   *
   * @param shared ops on the device where the statistics are combined
   * @param replicas each replica's passes (their devices and name scopes)
   * @param inputs each replica's input, NHWC, equal batch sizes
   */
  static List<Operand<TFloat32>> apply(
      Ops shared,
      List<LayerOps> replicas,
      List<Operand<TFloat32>> inputs,
      BatchNorm layer,
      List<LayerOps.MovingStatistic> statistics) {
    ModelVariables variables = replicas.get(0).variables();
    MnasNetConfig config = variables.network().config();
    int n = replicas.size();
    List<Operand<TFloat32>> means = new ArrayList<>();
    List<Operand<TFloat32>> variances = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ops scope = replicas.get(i).ops().withSubScope(layer.name()).withSubScope("sync_moments");
      Operand<TFloat32> x = inputs.get(i);
      Operand<TFloat32> mean = scope.math.mean(x, scope.constant(new int[] {0, 1, 2}));
      Operand<TFloat32> variance =
          scope.math.mean(
              scope.math.squaredDifference(x, mean), scope.constant(new int[] {0, 1, 2}));
      means.add(mean);
      variances.add(variance);
    }
    Ops combine = shared.withSubScope(layer.name()).withSubScope("sync_combine");
    Operand<TFloat32> parts = combine.constant((float) n);
    Operand<TFloat32> mean = combine.math.div(combine.math.addN(means), parts);
    List<Operand<TFloat32>> spreads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      spreads.add(
          combine.math.add(variances.get(i), combine.math.squaredDifference(means.get(i), mean)));
    }
    Operand<TFloat32> variance = combine.math.div(combine.math.addN(spreads), parts);
    Operand<TFloat32> scale =
        combine.math.mul(
            variables.get(layer.gammaName()),
            combine.math.rsqrt(
                combine.math.add(variance, combine.constant((float) config.batchNormEpsilon()))));

    // moving statistics as the fused op blends them: unbiased variance over all N parts' elements
    Operand<TFloat32> count =
        combine.dtypes.cast(
            combine.math.mul(
                combine.math.div(
                    combine.size(inputs.get(0), org.tensorflow.types.TInt64.class),
                    combine.constant((long) layer.channels())),
                combine.constant((long) n)),
            TFloat32.class);
    Operand<TFloat32> unbiased =
        combine.math.mul(
            variance,
            combine.math.div(
                count,
                combine.math.maximum(
                    combine.math.sub(count, combine.constant(1f)), combine.constant(1f))));
    float momentum = (float) config.batchNormMomentum();
    statistics.add(blend(combine, variables.get(layer.movingMeanName()), mean, momentum));
    statistics.add(blend(combine, variables.get(layer.movingVarianceName()), unbiased, momentum));

    List<Operand<TFloat32>> outputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ops scope = replicas.get(i).ops().withSubScope(layer.name());
      // y = (x - mean) * gamma / sqrt(var + eps) + beta; centring first keeps the rounding
      // relative to the spread, not to the mean
      outputs.add(
          scope.math.add(
              scope.math.mul(scope.math.sub(inputs.get(i), mean), scale),
              variables.get(layer.betaName())));
    }
    return outputs;
  }

  /** {@code (1 - m) * moving + m * batch}, PyTorch's convention. */
  private static LayerOps.MovingStatistic blend(
      Ops tf, Variable<TFloat32> moving, Operand<TFloat32> batch, float momentum) {
    Operand<TFloat32> value =
        tf.math.add(
            tf.math.mul(tf.constant(1f - momentum), moving),
            tf.math.mul(tf.constant(momentum), batch));
    return new LayerOps.MovingStatistic(moving, value);
  }
}
