package io.mnasnet.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.engine.EngineSelection;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.onnxruntime.OnnxRuntimeClassifier;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.trainer.cli.EngineOptionMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tensorflow.TensorFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet bench worker-model} (hidden): the model suite's measuring child. Loads each
 * SavedModel with the given thread counts (this JVM's first Sessions, so they take effect), calls
 * it on random preprocessed batches from one thread, and prints one JSON line ({@link
 * ModelWorkerResult}). oneDNN and the allocator come from the environment it was started with.
 */
@Command(name = "worker-model", hidden = true, description = "Measuring child of the model suite.")
final class ModelWorkerCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model directory (repeatable).")
  private List<Path> models;

  @Option(names = "--batches", split = ",", required = true)
  private List<Integer> batches;

  @Option(names = "--seconds", defaultValue = "2")
  private double seconds;

  @Option(names = "--repetitions", defaultValue = "3")
  private int repetitions;

  @Option(names = "--intra-op-threads", defaultValue = "0")
  private int intraOpThreads;

  @Option(names = "--inter-op-threads", defaultValue = "0")
  private int interOpThreads;

  @Option(names = "--inference-shards", defaultValue = "0")
  private int inferenceShards;

  @Option(
      names = "--encoded-images",
      description =
          "Folder of PNG/JPEG files: call the encoded signature (decode and preprocessing in the"
              + " graph) with them instead of random preprocessed tensors.")
  private Path encodedImages;

  @Mixin private EngineOptionMixin engine;

  @Option(
      names = "--onnxruntime-direct",
      description =
          "Measure ONNX Runtime called directly on model.onnx with its own default threading (the"
              + " peer) instead of the project's engine.")
  private boolean onnxRuntimeDirect;

  @Option(
      names = "--images-per-call",
      defaultValue = "0",
      description =
          "ONNX Runtime engine: the most images one session call runs (0: the engine's rule,"
              + " calls sized to the caches).")
  private int imagesPerCall;

  @Option(
      names = "--matmul",
      description = "Also measure a 1024x1024 fp32 matrix product (achievable peak FLOP/s).")
  private boolean matmul;

  @Override
  public Integer call() throws Exception {
    ResolvedRuntime runtime =
        new RuntimeOptions(Device.CPU, intraOpThreads, interOpThreads, inferenceShards).resolve();
    Double matmulGflops = matmul ? MatmulPeak.measure(runtime, seconds, repetitions) : null;
    List<ModelWorkerResult.ModelRun> runs = new ArrayList<>();
    for (Path dir : models) {
      if (onnxRuntimeDirect) {
        runs.add(measureDirect(dir));
        continue;
      }
      ModelLoading.Loaded loaded = load(dir, runtime);
      System.err.printf(
          "worker-model %s: engine %s (%s), %s%n",
          dir.getFileName(),
          loaded.selection().engine(),
          loaded.selection().reason(),
          loaded.model());
      try (LoadedModel model = loaded.model()) {
        long rssAfterLoad = ProcessMemory.ownResidentBytes();
        List<ModelWorkerResult.BatchRun> batchRuns = new ArrayList<>();
        for (int batch : batches) {
          batchRuns.add(measure(model, batch));
          System.err.printf(
              "worker-model %s batch %d: %s images/s%n",
              dir.getFileName(), batch, batchRuns.get(batchRuns.size() - 1).imagesPerSecond());
        }
        runs.add(
            new ModelWorkerResult.ModelRun(dir.getFileName().toString(), rssAfterLoad, batchRuns));
      }
    }
    ModelWorkerResult result =
        new ModelWorkerResult(
            TensorFlow.version(),
            Objects.requireNonNullElse(System.getenv("TF_ENABLE_ONEDNN_OPTS"), ""),
            Objects.requireNonNullElse(System.getenv("LD_PRELOAD"), ""),
            intraOpThreads,
            interOpThreads,
            matmulGflops,
            runs);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        BenchJson.mapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    out.flush();
    return 0;
  }

  /** The engine the options choose; with {@code --images-per-call}, ONNX Runtime's with it. */
  private ModelLoading.Loaded load(Path dir, ResolvedRuntime runtime) throws IOException {
    if (imagesPerCall == 0) {
      return ModelLoading.load(dir, engine.engine(), runtime, ImageSizeLimit.DEFAULT);
    }
    if (engine.engine() != EngineChoice.ONNXRUNTIME) {
      throw new ParameterException(
          spec.commandLine(), "--images-per-call is an option of --engine onnxruntime");
    }
    return new ModelLoading.Loaded(
        OnnxRuntimeClassifier.load(dir, runtime, ImageSizeLimit.DEFAULT, imagesPerCall),
        EngineSelection.select(EngineChoice.ONNXRUNTIME, dir, runtime));
  }

  private ModelWorkerResult.ModelRun measureDirect(Path dir) throws Exception {
    int size =
        io.mnasnet.inference.savedmodel.ModelMetadataFile.read(dir).preprocessing().imageSize();
    long rssAfterLoad = ProcessMemory.ownResidentBytes();
    List<ModelWorkerResult.BatchRun> batchRuns = new ArrayList<>();
    for (int batch : batches) {
      try (OnnxRuntimeDirect direct = new OnnxRuntimeDirect(dir, batch, size)) {
        batchRuns.add(measure(direct::run, batch));
      }
      System.err.printf(
          "worker-model %s batch %d, ONNX Runtime direct: %s images/s%n",
          dir.getFileName(), batch, batchRuns.get(batchRuns.size() - 1).imagesPerSecond());
    }
    return new ModelWorkerResult.ModelRun(dir.getFileName().toString(), rssAfterLoad, batchRuns);
  }

  private ModelWorkerResult.BatchRun measure(LoadedModel model, int batch) throws IOException {
    return measure(
        encodedImages == null ? floatCall(model, batch) : encodedCall(model, batch), batch);
  }

  private ModelWorkerResult.BatchRun measure(Runnable call, int batch) {
    // warm-up: the first calls of a batch shape allocate and pick kernels
    call.run();
    call.run();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Double> rates = new ArrayList<>();
    List<Double> cpuMs = new ArrayList<>();
    for (int r = 0; r < repetitions; r++) {
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      long images = 0;
      while (System.nanoTime() - start < seconds * 1e9 || images < 2L * batch) {
        call.run();
        images += batch;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      rates.add(images / elapsed);
      cpuMs.add((os.getProcessCpuTime() - cpuStart) / 1e6 / images);
    }
    return new ModelWorkerResult.BatchRun(batch, rates, cpuMs, ProcessMemory.ownResidentBytes());
  }

  private static Runnable floatCall(LoadedModel model, int batch) {
    int size = model.imageSize();
    float[] input = new float[batch * size * size * 3];
    Random random = new Random(batch);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    return () -> model.logits(input, batch);
  }

  /** The first {@code batch} files of the folder (in name order, repeated if it has fewer). */
  private Runnable encodedCall(LoadedModel model, int batch) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(encodedImages)) {
      files = listing.filter(Files::isRegularFile).sorted().limit(batch).toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no image files in " + encodedImages);
    }
    List<byte[]> images = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      images.add(Files.readAllBytes(files.get(i % files.size())));
    }
    return () -> model.classifyEncoded(images);
  }
}
