package io.mnasnet.trainer.bench;

import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.export.StandardPreprocessing;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Throughput of an exported MnasNet SavedModel through {@link SavedModelClassifier#logits}: random
 * weights, random inputs, one thread calling, batch sizes 1/8/32/64. Not a test; a tool for
 * choosing batch sizes, allocators and export options.
 *
 * <pre>
 * java -cp ... io.mnasnet.trainer.bench.InferenceBenchmark [width] [imageSize] [seconds] [fold]
 * </pre>
 *
 * Defaults: width 1.0, 224x224, 5 s per batch size, BatchNorm not folded. Prints images/s and
 * process CPU milliseconds per image (which is steadier than wall time on a busy machine). Set
 * {@code TF_ENABLE_ONEDNN_OPTS=0} (oneDNN is 3-5x slower for this model) and consider jemalloc
 * ({@code LD_PRELOAD}), as the launcher does.
 */
public final class InferenceBenchmark {

  private static final int[] BATCHES = {1, 8, 32, 64};

  private InferenceBenchmark() {}

  public static void main(String[] args) throws IOException {
    double width = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int imageSize = args.length > 1 ? Integer.parseInt(args[1]) : 224;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    boolean fold = args.length > 3 && Boolean.parseBoolean(args[3]);

    Network network = MnasNetB1.network(MnasNetConfig.of(width, 1000, imageSize));
    Path dir = Files.createTempDirectory("mnasnet-bench-");
    try {
      Path model = dir.resolve("model");
      ModelMetadata metadata =
          new ModelMetadata(
              "benchmark",
              1,
              network.architecture(),
              width,
              IntStream.range(0, 1000).mapToObj(Integer::toString).toList(),
              StandardPreprocessing.imageNet(imageSize),
              ModelMetadata.Signatures.DEFAULT);
      SavedModelExporter.export(
          ModelWeights.initialized(network, ParameterInitializer.torchvision(1)),
          metadata,
          model,
          new SavedModelExporter.Options(fold));
      try (SavedModelClassifier classifier =
          SavedModelClassifier.load(model, RuntimeOptions.DEFAULT.resolve())) {
        System.out.printf(
            Locale.ROOT,
            "MnasNet-B1 width %s, %dx%d, BatchNorm %s%n",
            width,
            imageSize,
            imageSize,
            fold ? "folded" : "separate");
        for (int batch : BATCHES) {
          measure(classifier, batch, imageSize, seconds);
        }
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private static void measure(
      SavedModelClassifier classifier, int batch, int imageSize, double seconds) {
    float[] input = new float[batch * imageSize * imageSize * 3];
    Random random = new Random(batch);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < 3; i++) {
      classifier.logits(input, batch);
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    long images = 0;
    while (System.nanoTime() - start < seconds * 1e9 || images < 3L * batch) {
      classifier.logits(input, batch);
      images += batch;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpuMillis = (os.getProcessCpuTime() - cpuStart) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "batch %3d: %7.1f images/s  %6.2f CPU ms/image%n",
        batch,
        images / elapsed,
        cpuMillis / images);
  }
}
