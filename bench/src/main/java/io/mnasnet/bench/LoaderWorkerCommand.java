package io.mnasnet.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.CropDecoder;
import io.mnasnet.trainer.augment.CropDecodingTransform;
import io.mnasnet.trainer.augment.ImagePipelines;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.Normalization;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.data.ImageFolderDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mnasnet bench worker-loader} (hidden): the trainer's image-folder loader alone, in its own
 * JVM: {@link ImageFolderDataset} + {@link CropDecodingTransform#train} (random-resized crop 224 of
 * the decoded window, flip, normalise) through a {@link PrefetchingBatchLoader} with {@code
 * --workers} threads, batches of {@code --batch}, epoch after epoch, nothing consuming the batches
 * but the timing loop. {@code --java-decode} measures the previous pipeline instead (whole-image
 * {@code javax.imageio} decode, crop and resize in Java). Prints one JSON line ({@link
 * LoaderResult}).
 */
@Command(name = "worker-loader", hidden = true, description = "Measuring child of the loader.")
final class LoaderWorkerCommand implements Callable<Integer> {

  @Option(names = "--images", required = true)
  private Path images;

  @Option(names = "--workers", defaultValue = "2")
  private int workers;

  @Option(names = "--batch", defaultValue = "64")
  private int batch;

  @Option(names = "--seconds", defaultValue = "5")
  private double seconds;

  @Option(names = "--warmup-seconds", defaultValue = "5")
  private double warmupSeconds;

  @Option(names = "--repetitions", defaultValue = "3")
  private int repetitions;

  @Option(names = "--java-decode")
  private boolean javaDecode;

  @Override
  public Integer call() throws Exception {
    ResolvedRuntime runtime = RuntimeOptions.on(Device.CPU).resolve();
    ImageFolderDataset dataset = ImageFolderDataset.open(images);
    long pid = ProcessHandle.current().pid();
    try (CropDecoder decoder =
        new CropDecoder(runtime, ImagePipelines.IMAGENET_SIZE, Normalization.IMAGENET)) {
      ImageTransform transform =
          javaDecode
              ? ImagePipelines.imageNetTrain(ImagePipelines.IMAGENET_SIZE)
              : CropDecodingTransform.train(decoder);
      Batches batches = new Batches(dataset, transform);
      batches.imagesFor(warmupSeconds); // JIT compilation, page cache, thread start-up
      List<Double> rates = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (int r = 0; r < repetitions; r++) {
        double cpuBefore = ProcessCpu.cpuMs(pid);
        long start = System.nanoTime();
        long count = batches.imagesFor(seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        rates.add(count / elapsed);
        cpu.add((ProcessCpu.cpuMs(pid) - cpuBefore) / count);
        System.err.printf(
            "worker-loader: %.1f images/s, %.2f ms CPU per image%n", rates.get(r), cpu.get(r));
      }
      batches.close();
      String loader =
          javaDecode
              ? "trainer, previous pipeline (javax.imageio whole decode, Java crop + resize)"
              : "trainer, CropDecodingTransform (DecodeAndCropJpeg window + Java resample)";
      System.out.println(
          BenchJson.mapper()
              .disable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(new LoaderResult(loader, workers, batch, rates, cpu)));
    }
    return 0;
  }

  /** Batches from the loader, one shuffled epoch after another. */
  private final class Batches implements AutoCloseable {
    private final ImageFolderDataset dataset;
    private final ImageTransform transform;
    private PrefetchingBatchLoader loader;
    private int epoch;

    Batches(ImageFolderDataset dataset, ImageTransform transform) {
      this.dataset = dataset;
      this.transform = transform;
    }

    long imagesFor(double seconds) {
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      long images = 0;
      do {
        if (loader == null || !loader.hasNext()) {
          close();
          loader =
              new PrefetchingBatchLoader(
                  dataset,
                  transform,
                  BatchPlan.shuffled(dataset.size(), batch, true, 7, epoch++),
                  workers,
                  4);
        }
        images += loader.next().size();
      } while (System.nanoTime() < deadline);
      return images;
    }

    @Override
    public void close() {
      if (loader != null) {
        loader.close();
      }
    }
  }
}
