package io.mnasnet.trainer.bench;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.ImagePipelines;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.augment.SampleSource;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.training.TrainingData;
import io.mnasnet.trainer.training.TrainingGraph;
import io.mnasnet.trainer.training.TrainingRecipe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Training throughput: full optimisation steps (forward, backward, Nesterov update, BatchNorm
 * statistics) of the trainer's {@link TrainingGraph} on the bundled Fashion-MNIST sample with the
 * training augmentation, at 32x32. Not a test; a tool for comparing allocators, thread counts and
 * batch sizes.
 *
 * <pre>
 * java -cp ... io.mnasnet.trainer.bench.TrainingBenchmark [width] [batch] [steps] [threads]
 * </pre>
 *
 * Defaults: width 0.5, batch 128, 60 timed steps after 5 warm-up steps, 2 threads. Prints images/s
 * and process CPU milliseconds per image (steadier than wall time on a shared machine). Run with
 * {@code TF_ENABLE_ONEDNN_OPTS=0}, and with or without jemalloc in {@code LD_PRELOAD}.
 */
public final class TrainingBenchmark {

  private static final int WARMUP_STEPS = 5;

  private TrainingBenchmark() {}

  public static void main(String[] args) throws IOException {
    double width = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;

    SampleSource samples = TrainingData.samples(FashionMnist.loadSample());
    TrainingRecipe recipe = TrainingRecipe.builder().batchSize(batchSize).build();
    ResolvedRuntime runtime = new RuntimeOptions(Device.CPU, threads, threads).resolve();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Graph graph = new Graph()) {
      TrainingGraph model =
          TrainingGraph.build(
              runtime.place(Ops.create(graph)), MnasNetConfig.of(width, 10, 32), recipe);
      try (Session session = runtime.session(graph)) {
        long step = 0;
        long start = 0;
        long cpuStart = 0;
        int images = 0;
        for (int epoch = 0; step < WARMUP_STEPS + steps; epoch++) {
          BatchPlan plan = BatchPlan.shuffled(samples.size(), batchSize, true, 1, epoch);
          try (PrefetchingBatchLoader loader =
              new PrefetchingBatchLoader(
                  samples, ImagePipelines.fashionMnistTrain(3), plan, 2, 4)) {
            while (loader.hasNext() && step < WARMUP_STEPS + steps) {
              if (step == WARMUP_STEPS) {
                start = System.nanoTime();
                cpuStart = os.getProcessCpuTime();
                images = 0;
              }
              Batch batch = loader.next();
              try (TFloat32 x =
                      TFloat32.tensorOf(
                          Shape.of(batch.shape()), DataBuffers.of(batch.images(), true, false));
                  TInt32 y = TInt32.vectorOf(batch.labels());
                  TFloat32 lr = TFloat32.scalarOf(0.01f);
                  TInt64 s = TInt64.scalarOf(step);
                  Result result =
                      session
                          .runner()
                          .feed(model.images(), x)
                          .feed(model.labels(), y)
                          .feed(model.learningRate(), lr)
                          .feed(model.step(), s)
                          .addTarget(model.trainStep())
                          .fetch(model.loss())
                          .run()) {
                images += batch.size();
              }
              step++;
            }
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (os.getProcessCpuTime() - cpuStart) / 1e6;
        System.out.printf(
            Locale.ROOT,
            "width %s batch %d threads %d: %.0f images/s, %.2f CPU ms/image (%d steps, %s,"
                + " LD_PRELOAD=%s)%n",
            width,
            batchSize,
            threads,
            images / seconds,
            cpuMillis / images,
            steps,
            "load average " + String.format(Locale.ROOT, "%.1f", os.getSystemLoadAverage()),
            System.getenv().getOrDefault("LD_PRELOAD", ""));
      }
    }
  }
}
