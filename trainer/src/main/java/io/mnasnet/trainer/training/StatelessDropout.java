package io.mnasnet.trainer.training;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Dropout whose mask is a pure function of {@code (seed, step)}: {@code StatelessRandomUniform}
 * seeded with the run's seed and the global step fed with each batch.
 *
 * <p>Why not the model's own (stateful) dropout: a stateful random op restarts its sequence in
 * every new session, so a run resumed from a checkpoint would draw different masks than the
 * uninterrupted run and its losses would diverge. Keyed on the global step, step {@code n} draws
 * the same mask however often the run was stopped and resumed.
 */
final class StatelessDropout {

  private StatelessDropout() {}

  /**
   * Zeroes each element of {@code x} with probability {@code rate} and scales the rest by {@code
   * 1/(1-rate)}. The random op feeds only a comparison, so it is off the gradient path.
   */
  static Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> x, double rate, long seed, Operand<TInt64> step) {
    if (rate == 0) {
      return x;
    }
    Operand<TInt64> seedPair = tf.stack(java.util.List.of(tf.constant(seed), step));
    Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(x), seedPair);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(tf.math.mul(x, keep), tf.constant((float) (1.0 / (1.0 - rate))));
  }
}
