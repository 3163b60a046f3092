package io.mnasnet.trainer.cli;

import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.engine.Prediction;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predict}: runs a model directory on a {@code .npy} batch (writing logits as {@code .npy})
 * or on image files (printing the top labels).
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run a model directory (from import-torch or train) on preprocessed arrays or on images.",
      "  predict --model DIR --npy input.npy --out logits.npy   float32 [N,3,S,S] or [N,S,S,3],"
          + " already preprocessed -> float32 logits [N,classes]",
      "  predict --model DIR IMAGE...                          PNG/JPEG files, decoded and"
          + " preprocessed in the graph as mnasnet.json says -> top labels per image",
      "Reads: the model directory (saved_model.pb, variables/, mnasnet.json) and the inputs."
          + " Writes: --out."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:done",
      "1:a model, input or image could not be read or classified",
      "2:invalid options"
    })
public final class PredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model directory (saved_model.pb, variables/, mnasnet.json).")
  Path model;

  @ArgGroup(exclusive = false)
  NpyOptions npy;

  /** Options of the array mode. */
  static final class NpyOptions {
    @Option(
        names = "--npy",
        required = true,
        paramLabel = "FILE",
        description = "Preprocessed float32 batch as .npy (4-D, 3 channels).")
    Path input;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the logits, float32 [N,classes] .npy (with --npy).")
    Path out;

    @Option(
        names = "--layout",
        paramLabel = "nchw|nhwc",
        defaultValue = "auto",
        description =
            "Axis order of --npy: nchw (PyTorch), nhwc (TensorFlow), or auto (whichever axis has"
                + " size 3). Default: ${DEFAULT-VALUE}.")
    String layout;

    @Option(
        names = "--batch-size",
        paramLabel = "N",
        defaultValue = "64",
        description = "Images per TensorFlow call. Default: ${DEFAULT-VALUE}.")
    int batchSize;
  }

  @Parameters(
      paramLabel = "IMAGE",
      arity = "0..*",
      description = "PNG or JPEG files to classify (instead of --npy).")
  List<Path> images = new ArrayList<>();

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "5",
      description = "Labels printed per image. Default: ${DEFAULT-VALUE}.")
  int top;

  @Mixin RuntimeOptionsMixin runtime;

  @Mixin EngineOptionMixin engine;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if ((npy == null) == images.isEmpty()) {
      err.println("predict: give either --npy FILE --out FILE or one or more IMAGE files");
      return 2;
    }
    ResolvedRuntime resolved;
    try {
      resolved = runtime.toOptions().resolve();
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("predict: " + e.getMessage());
      return 2;
    }
    ModelLoading.Loaded loaded;
    try {
      loaded = ModelLoading.load(model, engine.engine(), resolved, ImageSizeLimit.DEFAULT);
    } catch (IOException | IllegalArgumentException e) {
      err.println("predict: " + e.getMessage());
      return 1;
    }
    err.printf(
        "predict: engine %s (%s)%n", loaded.selection().engine(), loaded.selection().reason());
    err.flush();
    try (LoadedModel classifier = loaded.model()) {
      return npy != null ? predictArrays(classifier) : classifyImages(classifier);
    } catch (IOException | IllegalArgumentException e) {
      err.println("predict: " + e.getMessage());
      return 1;
    }
  }

  private int predictArrays(LoadedModel classifier) throws IOException {
    NpyArray input = Npy.read(npy.input);
    int size = classifier.imageSize();
    float[] nhwc = ArrayLayout.toNhwc(input, npy.layout, size);
    int n = (int) input.shape()[0];
    int classes = classifier.numClasses();
    float[] logits = new float[n * classes];
    int perImage = size * size * 3;
    int batch = Math.max(1, npy.batchSize);
    for (int start = 0; start < n; start += batch) {
      int count = Math.min(batch, n - start);
      float[][] rows =
          classifier.logits(
              Arrays.copyOfRange(nhwc, start * perImage, (start + count) * perImage), count);
      for (int i = 0; i < count; i++) {
        System.arraycopy(rows[i], 0, logits, (start + i) * classes, classes);
      }
    }
    Npy.write(NpyArray.ofFloats(new long[] {n, classes}, logits), npy.out);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "Wrote logits of %d images (%d classes) to %s%n", n, classes, npy.out);
    out.flush();
    return 0;
  }

  private int classifyImages(LoadedModel classifier) throws IOException {
    List<byte[]> encoded = new ArrayList<>();
    for (Path image : images) {
      encoded.add(Files.readAllBytes(image));
    }
    List<Classification> results = classifier.classifyEncoded(encoded);
    PrintWriter out = spec.commandLine().getOut();
    int failures = 0;
    for (int i = 0; i < images.size(); i++) {
      out.println(images.get(i));
      Classification result = results.get(i);
      if (result.prediction().isEmpty()) {
        failures++;
        out.println("  cannot classify: " + result.error().orElse("unknown error"));
        continue;
      }
      Prediction prediction = result.prediction().get();
      int rank = 1;
      for (Prediction.Score score : prediction.top(top)) {
        out.printf(
            Locale.ROOT, "  %d. %-24s %6.2f%%%n", rank++, score.label(), 100 * score.probability());
      }
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }
}
