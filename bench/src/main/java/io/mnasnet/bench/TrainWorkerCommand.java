package io.mnasnet.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.CropDecoder;
import io.mnasnet.trainer.augment.CropDecodingTransform;
import io.mnasnet.trainer.augment.ImagePipelines;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.InMemorySamples;
import io.mnasnet.trainer.augment.Normalization;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.augment.SampleSource;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.ImageFolderDataset;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.training.TrainingGraph;
import io.mnasnet.trainer.training.TrainingRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mnasnet bench worker-train} (hidden): training throughput of one configuration, in its own
 * JVM (fresh thread pools, no other model in memory). The step is the training loop's own: {@link
 * TrainingGraph} with the default {@link TrainingRecipe} (SGD with Nesterov momentum, weight decay
 * on kernels, label smoothing 0.1, dropout 0.2, BatchNorm moving statistics updated, no weight
 * moving average), on {@code --replicas} data-parallel replicas (one per core), fed by the
 * trainer's {@link PrefetchingBatchLoader} with the standard augmentation (Fashion-MNIST sample at
 * 32x32; with {@code --images}, an image folder of JPEGs through the crop-decoding loader at
 * 224x224, as {@code train} reads one; else synthetic 256x256 RGB images). Prints one JSON line
 * ({@link TrainWorkerResult}).
 */
@Command(name = "worker-train", hidden = true, description = "Measuring child of the train suite.")
final class TrainWorkerCommand implements Callable<Integer> {

  private static final int SYNTHETIC_IMAGES = 96;
  private static final int SYNTHETIC_SIDE = 256;
  private static final int VIRTUAL_SAMPLES = 1 << 20;

  @Option(names = "--width", required = true)
  private double width;

  @Option(names = "--classes", required = true)
  private int classes;

  @Option(names = "--size", required = true)
  private int size;

  @Option(names = "--batch", required = true)
  private int batch;

  @Option(names = "--seconds", defaultValue = "5")
  private double seconds;

  @Option(names = "--repetitions", defaultValue = "3")
  private int repetitions;

  @Option(names = "--loader-workers", defaultValue = "2")
  private int loaderWorkers;

  @Option(names = "--replicas", defaultValue = "1")
  private int replicas;

  @Option(names = "--images", description = "An image folder of JPEGs to train on (224 only).")
  private Path images;

  @Override
  public Integer call() throws Exception {
    TrainConfig config =
        new TrainConfig("worker", width, classes, size, batch, replicas, images != null);
    ResolvedRuntime runtime = RuntimeOptions.on(Device.CPU).resolve().withReplicas(replicas);
    boolean fashion =
        size == ImagePipelines.FASHION_MNIST_SIZE && classes == FashionMnist.NUM_CLASSES;
    try (CropDecoder decoder = new CropDecoder(runtime, size, Normalization.IMAGENET)) {
      SampleSource source;
      ImageTransform transform;
      String dataSource;
      if (images != null) {
        ImageFolderDataset folder = ImageFolderDataset.open(images);
        source = folder;
        transform = CropDecodingTransform.train(decoder);
        dataSource =
            folder.size()
                + " ImageNet-like JPEGs (500x375), crop-decoded random-resized crop + flip, "
                + loaderWorkers
                + " loader threads";
      } else {
        // many virtual samples over the few real ones, so epoch boundaries (a new loader) are
        // rare
        source = repeated(fashion ? fashionMnistSample() : syntheticImages(classes));
        transform =
            fashion ? ImagePipelines.fashionMnistTrain(3) : ImagePipelines.imageNetTrain(size);
        dataSource =
            fashion
                ? "Fashion-MNIST sample (1,000 images), pad + random crop + flip, "
                    + loaderWorkers
                    + " loader threads"
                : SYNTHETIC_IMAGES
                    + " synthetic 256x256 RGB images, random-resized crop + flip, "
                    + loaderWorkers
                    + " loader threads";
      }
      measure(config, runtime, source, transform, dataSource);
    }
    return 0;
  }

  private void measure(
      TrainConfig config,
      ResolvedRuntime runtime,
      SampleSource source,
      ImageTransform transform,
      String dataSource)
      throws Exception {
    long graphStart = System.nanoTime();
    try (Graph graph = new Graph()) {
      // the training loop's own step (Trainer builds the same graph): default recipe, no EMA
      TrainingRecipe recipe = TrainingRecipe.builder().batchSize(batch).build();
      TrainingGraph training =
          TrainingGraph.build(
              graph, runtime, MnasNetConfig.of(width, classes, size), recipe, false);
      float learningRate = (float) recipe.learningRate();
      double graphSeconds = (System.nanoTime() - graphStart) / 1e9;

      try (Session session = runtime.session(graph);
          StepLoop loop = new StepLoop(session, training, learningRate, source, transform)) {
        loop.steps(2); // warm-up: first steps allocate and pick kernels
        List<Double> rates = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
          long waitedBefore = loop.waitedNanos;
          long start = System.nanoTime();
          int steps = 0;
          while (System.nanoTime() - start < seconds * 1e9 || steps < 1) {
            loop.steps(1);
            steps++;
          }
          long elapsed = System.nanoTime() - start;
          rates.add(steps * (double) batch / (elapsed / 1e9));
          waits.add((loop.waitedNanos - waitedBefore) / (double) elapsed);
          System.err.printf("worker-train %s: %.1f images/s%n", config, rates.get(r));
        }
        TrainWorkerResult result =
            new TrainWorkerResult(
                config, rates, waits, graphSeconds, ProcessMemory.ownResidentBytes(), dataSource);
        System.out.println(
            BenchJson.mapper()
                .disable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
      }
    }
  }

  /** Runs training steps on batches from a prefetching loader, one epoch plan after another. */
  private final class StepLoop implements AutoCloseable {
    private final Session session;
    private final TrainingGraph training;
    private final float learningRate;
    private final SampleSource source;
    private final ImageTransform transform;
    private PrefetchingBatchLoader loader;
    private int epoch;
    private long step;
    long waitedNanos;

    StepLoop(
        Session session,
        TrainingGraph training,
        float learningRate,
        SampleSource source,
        ImageTransform transform) {
      this.session = session;
      this.training = training;
      this.learningRate = learningRate;
      this.source = source;
      this.transform = transform;
    }

    void steps(int count) {
      for (int s = 0; s < count; s++) {
        long before = System.nanoTime();
        Batch next = nextBatch();
        waitedNanos += System.nanoTime() - before;
        try (TFloat32 x =
                TFloat32.tensorOf(
                    Shape.of(next.shape()), DataBuffers.of(next.images(), true, false));
            TInt32 y = TInt32.vectorOf(next.labels());
            TFloat32 rate = TFloat32.scalarOf(learningRate);
            TInt64 stepNumber = TInt64.scalarOf(step++)) {
          session
              .runner()
              .feed(training.images(), x)
              .feed(training.labels(), y)
              .feed(training.learningRate(), rate)
              .feed(training.step(), stepNumber)
              .addTarget(training.trainStep())
              .fetch(training.loss())
              .run()
              .close();
        }
      }
    }

    private Batch nextBatch() {
      if (loader == null || !loader.hasNext()) {
        if (loader != null) {
          loader.close();
        }
        BatchPlan plan = BatchPlan.shuffled(source.size(), batch, true, 11, epoch++);
        loader = new PrefetchingBatchLoader(source, transform, plan, loaderWorkers, 4);
      }
      return loader.next();
    }

    @Override
    public void close() {
      if (loader != null) {
        loader.close();
      }
    }
  }

  private static SampleSource repeated(SampleSource base) {
    return new SampleSource() {
      @Override
      public int size() {
        return VIRTUAL_SAMPLES;
      }

      @Override
      public io.mnasnet.trainer.augment.LabelledImage load(int index) throws java.io.IOException {
        return base.load(index % base.size());
      }
    };
  }

  private static SampleSource fashionMnistSample() throws java.io.IOException {
    LabelledImages sample = FashionMnist.loadSample();
    byte[] pixels = new byte[sample.size() * sample.imageBytes()];
    for (int i = 0; i < sample.size(); i++) {
      sample.copyImage(i, pixels, i * sample.imageBytes());
    }
    return new InMemorySamples(pixels, sample.labels(), sample.rows(), sample.cols(), 1);
  }

  private static SampleSource syntheticImages(int classes) {
    SplittableRandom random = new SplittableRandom(256);
    byte[] pixels = new byte[SYNTHETIC_IMAGES * SYNTHETIC_SIDE * SYNTHETIC_SIDE * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    int[] labels = new int[SYNTHETIC_IMAGES];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(classes);
    }
    return new InMemorySamples(pixels, labels, SYNTHETIC_SIDE, SYNTHETIC_SIDE, 3);
  }
}
