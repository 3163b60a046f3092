package io.mnasnet.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Initial values like torchvision's {@code MNASNet.__init__}: convolutions Kaiming-normal with
 * {@code fan_out} and ReLU gain ({@code std = sqrt(2 / (out * kh * kw))}), BatchNorm gamma 1 and
 * beta 0 (moving mean 0, variance 1), classifier Kaiming-uniform with {@code fan_out} and gain 1
 * ({@code bound = sqrt(3 / classes)}) and zero bias.
 *
 * <p>With few classes torchvision's classifier initialisation is wide (bound 0.55 for 10 classes),
 * which makes the first logits large; {@link #withClassifierNormal} replaces it with {@code N(0,
 * stddev)} (e.g. 0.01, as the Fashion-MNIST reference model was trained).
 *
 * <p>Every random tensor gets its own op-level seed pair derived from {@link #seed()}, so the same
 * seed gives the same initial network.
 */
public final class ParameterInitializer {

  private final long seed;
  private final double classifierStddev;

  private ParameterInitializer(long seed, double classifierStddev) {
    this.seed = seed;
    this.classifierStddev = classifierStddev;
  }

  /** torchvision's initialisation. */
  public static ParameterInitializer torchvision(long seed) {
    return new ParameterInitializer(seed, Double.NaN);
  }

  /** torchvision's, except the classifier matrix drawn from {@code N(0, stddev)}. */
  public ParameterInitializer withClassifierNormal(double stddev) {
    if (!(stddev > 0)) {
      throw new IllegalArgumentException("classifier stddev must be positive, got " + stddev);
    }
    return new ParameterInitializer(seed, stddev);
  }

  /** The seed every random initial value derives from. */
  public long seed() {
    return seed;
  }

  /**
   * The initial value of {@code spec}, in TensorFlow layout.
   *
   * @param init an {@link Ops} in the graph's init scope
   * @param index position of the parameter in the network, used as the second seed
   */
  Operand<TFloat32> initialValue(Ops init, ParameterSpec spec, int index) {
    long[] shape = spec.tensorFlowShape();
    long[] torch = spec.torchShape();
    return switch (spec.role()) {
      case CONV_WEIGHT, DEPTHWISE_WEIGHT -> {
        double fanOut = (double) torch[0] * torch[2] * torch[3];
        yield normal(init, shape, Math.sqrt(2.0 / fanOut), index);
      }
      case DENSE_WEIGHT -> {
        if (!Double.isNaN(classifierStddev)) {
          yield normal(init, shape, classifierStddev, index);
        }
        double bound = Math.sqrt(3.0 / torch[0]);
        yield uniform(init, shape, bound, index);
      }
      case BATCH_NORM_GAMMA, BATCH_NORM_MOVING_VARIANCE -> filled(init, shape, 1f);
      case BATCH_NORM_BETA, BATCH_NORM_MOVING_MEAN, DENSE_BIAS -> filled(init, shape, 0f);
    };
  }

  private Operand<TFloat32> normal(Ops init, long[] shape, double stddev, int index) {
    Operand<TFloat32> standard =
        init.random.randomStandardNormal(
            init.constant(shape),
            TFloat32.class,
            RandomStandardNormal.seed(seed),
            RandomStandardNormal.seed2((long) index));
    return init.math.mul(standard, init.constant((float) stddev));
  }

  private Operand<TFloat32> uniform(Ops init, long[] shape, double bound, int index) {
    Operand<TFloat32> unit =
        init.random.randomUniform(
            init.constant(shape),
            TFloat32.class,
            RandomUniform.seed(seed),
            RandomUniform.seed2((long) index));
    // [0, 1) -> [-bound, bound)
    return init.math.mul(
        init.math.sub(init.math.mul(unit, init.constant(2f)), init.constant(1f)),
        init.constant((float) bound));
  }

  private static Operand<TFloat32> filled(Ops init, long[] shape, float value) {
    return init.fill(init.constant(shape), init.constant(value));
  }
}
