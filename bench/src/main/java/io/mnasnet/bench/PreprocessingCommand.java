package io.mnasnet.bench;

import io.mnasnet.inference.preprocessing.PreprocessingGraph;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet bench preprocessing}: the CPU time per image of a model's in-graph preprocessing
 * alone (decode, reduced-scale JPEG decode, resize, crop, normalise: what the encoded signature
 * does before the network), built from the model's metadata as the exporter builds it and run on a
 * folder of image files, batch after batch from one thread. The figure the model-with-decode column
 * of {@code bench pipeline} contains, without the network beside it.
 */
@Command(
    name = "preprocessing",
    description = {
      "CPU time per image of a model's in-graph preprocessing alone (decode, resize, crop,"
          + " normalise), on a folder of PNG/JPEG files.",
      "Run it with nothing else busy: it reads this process's CPU time (user + system)."
    })
final class PreprocessingCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "SavedModel directory whose mnasnet.json names the preprocessing.")
  private Path model;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "DIR",
      description =
          "Folder of PNG/JPEG files; the first --batch in name order (repeated if fewer).")
  private Path images;

  @Option(names = "--batch", defaultValue = "32", description = "Images per call (default 32).")
  private int batch;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Length of each repetition (default 5).")
  private double seconds;

  @Option(
      names = "--repetitions",
      defaultValue = "3",
      description = "Repetitions after one warm-up call (default 3).")
  private int repetitions;

  @Option(
      names = "--java-decode",
      description =
          "Instead: Java's own decoder (ImageIO, full scale, no resize or normalisation) on the same"
              + " files, one after another: the floor of a preprocessing done in Java.")
  private boolean javaDecode;

  @Override
  public Integer call() throws IOException {
    if (javaDecode) {
      return measureJavaDecode();
    }
    if (batch < 1 || repetitions < 1 || !(seconds > 0)) {
      throw new ParameterException(
          spec.commandLine(), "--batch and --repetitions must be at least 1, --seconds above 0");
    }
    Preprocessing preprocessing = ModelMetadataFile.read(model).preprocessing();
    NdArray<byte[]> encoded = firstFiles();
    PrintWriter out = spec.commandLine().getOut();
    List<Double> cpuMs = new ArrayList<>();
    try (Graph graph = new Graph();
        ConcreteFunction single = PreprocessingGraph.singleImage(preprocessing)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> input = tf.placeholder(TString.class);
      Operand<TFloat32> output =
          PreprocessingGraph.batch(tf, input, single, preprocessing.imageSize());
      try (Session session = ResolvedRuntime.cpuOnly().session(graph);
          TString tensor = TString.tensorOfBytes(encoded)) {
        Runnable call = () -> session.runner().feed(input, tensor).fetch(output).run().close();
        call.run();
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < repetitions; r++) {
          long cpuStart = os.getProcessCpuTime();
          long start = System.nanoTime();
          long done = 0;
          while (System.nanoTime() - start < seconds * 1e9) {
            call.run();
            done += batch;
          }
          double ms = (os.getProcessCpuTime() - cpuStart) / 1e6 / done;
          cpuMs.add(ms);
          out.printf(
              "repetition %d: %.3f ms CPU per image, %.0f images/s%n",
              r + 1, ms, done / ((System.nanoTime() - start) / 1e9));
          out.flush();
        }
      }
    }
    out.printf(
        "%s, %s, batch %d: median %.3f ms CPU per image of preprocessing%n",
        model.getFileName(), images.getFileName(), batch, Spread.of(cpuMs).median());
    return 0;
  }

  private int measureJavaDecode() throws IOException {
    NdArray<byte[]> encoded = firstFiles();
    List<byte[]> files = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      files.add(encoded.getObject(i));
    }
    Runnable call =
        () -> {
          for (byte[] file : files) {
            try {
              io.mnasnet.inference.image.ImageEncoding.decode(
                  file, io.mnasnet.inference.image.ImageSizeLimit.DEFAULT);
            } catch (io.mnasnet.inference.image.UnreadableImageException e) {
              throw new IllegalStateException(e);
            }
          }
        };
    PrintWriter out = spec.commandLine().getOut();
    List<Double> cpuMs = new ArrayList<>();
    call.run();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int r = 0; r < repetitions; r++) {
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      long done = 0;
      while (System.nanoTime() - start < seconds * 1e9) {
        call.run();
        done += batch;
      }
      double ms = (os.getProcessCpuTime() - cpuStart) / 1e6 / done;
      cpuMs.add(ms);
      out.printf("repetition %d: %.3f ms CPU per image (Java decode only)%n", r + 1, ms);
      out.flush();
    }
    out.printf(
        "%s, batch %d: median %.3f ms CPU per image of Java (ImageIO) decoding alone%n",
        images.getFileName(), batch, Spread.of(cpuMs).median());
    return 0;
  }

  private NdArray<byte[]> firstFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(images)) {
      files = listing.filter(Files::isRegularFile).sorted().limit(batch).toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no image files in " + images);
    }
    NdArray<byte[]> encoded = NdArrays.ofObjects(byte[].class, Shape.of(batch));
    for (int i = 0; i < batch; i++) {
      encoded.setObject(Files.readAllBytes(files.get(i % files.size())), i);
    }
    return encoded;
  }
}
