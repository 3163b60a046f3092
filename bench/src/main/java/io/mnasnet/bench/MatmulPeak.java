package io.mnasnet.bench;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The fp32 FLOP/s TensorFlow reaches on this CPU where it can: a 1024x1024 by 1024x1024 matrix
 * product (2 x 1024^3 FLOP, cache-blocked, vectorised). Closer to what is attainable than the
 * nominal peak, which assumes every FMA unit busy at the nominal clock.
 */
final class MatmulPeak {

  private static final int N = 1024;

  private MatmulPeak() {}

  /** Median GFLOP/s over {@code repetitions} runs of at least {@code seconds} each. */
  static double measure(ResolvedRuntime runtime, double seconds, int repetitions) {
    float[] values = new float[N * N];
    Random random = new Random(N);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    try (Graph graph = new Graph();
        TFloat32 matrix = TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(values, true, false))) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> a = tf.placeholder(TFloat32.class);
      // a scalar result: fetching it does not copy the 4 MB product back each time
      Operand<TFloat32> product =
          tf.math.mean(tf.linalg.matMul(a, a), tf.constant(new int[] {0, 1}));
      try (Session session = runtime.session(graph)) {
        Runnable step = () -> session.runner().feed(a, matrix).fetch(product).run().close();
        step.run();
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
          long start = System.nanoTime();
          int runs = 0;
          while (System.nanoTime() - start < seconds * 1e9 || runs < 3) {
            step.run();
            runs++;
          }
          rates.add(runs * 2.0 * N * N * N / ((System.nanoTime() - start) / 1e9) / 1e9);
        }
        return Spread.of(rates).median();
      }
    }
  }
}
