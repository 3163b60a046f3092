package io.mnasnet.trainer.cli;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.export.StandardPreprocessing;
import io.mnasnet.trainer.imports.StateDictMismatchException;
import io.mnasnet.trainer.imports.TorchImport;
import io.mnasnet.trainer.model.MnasNetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import-torch}: reads a torchvision MNASNet {@code state_dict} saved as safetensors, checks
 * every key against the architecture, and writes a model directory (SavedModel + {@code
 * mnasnet.json}). See {@code trainer/IMPORTING.md}.
 */
@Command(
    name = "import-torch",
    description = {
      "Import torchvision MNASNet weights (a state_dict saved as .safetensors) into a model"
          + " directory: SavedModel (saved_model.pb + variables/, tag serve, signatures"
          + " serving_default and serving_encoded) and mnasnet.json. Every key is checked against"
          + " the architecture (missing/unexpected keys, shapes, dtypes) before anything is"
          + " written; conv OIHW -> HWIO, depthwise [C,1,kh,kw] -> [kh,kw,C,1], linear [out,in] ->"
          + " [in,out].",
      "",
      "Make the .safetensors from a torchvision .pth (pip install torch safetensors):",
      "  import torch",
      "  from safetensors.torch import save_file",
      "  state = torch.load(\"mnasnet0_5.pth\", map_location=\"cpu\", weights_only=True)",
      "  state = state.get(\"model\", state)  # training checkpoints may wrap the state_dict",
      "  save_file({k: v.contiguous() for k, v in state.items()}, \"mnasnet0_5.safetensors\")",
      "",
      "Reads: --weights. Writes: --out (must not exist or be empty)."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:imported",
      "1:the weights do not fit the architecture, or a file could not be read or written",
      "2:invalid options"
    })
public final class ImportTorchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  // Not mixinStandardHelpOptions: its --version would clash with the model --version below.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "FILE",
      description = "The state_dict as .safetensors (see above).")
  Path weights;

  @Option(
      names = "--width",
      required = true,
      paramLabel = "W",
      description = "Width multiplier the weights were trained with (mnasnet0_5: 0.5, ...).")
  double width;

  @Option(
      names = "--classes",
      required = true,
      paramLabel = "N",
      description = "Number of classes of the weights (rows of classifier.1.weight).")
  int classes;

  @Option(
      names = "--image-size",
      required = true,
      paramLabel = "S",
      description = "Side of the square model input (224 for ImageNet, 32 for Fashion-MNIST).")
  int imageSize;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model directory to create.")
  Path out;

  @Option(
      names = "--labels",
      paramLabel = "fashion-mnist|FILE",
      description =
          "Class labels: 'fashion-mnist', or a UTF-8 text file with one label per line (as many"
              + " as --classes). Default: the class ids 0..N-1.")
  String labels;

  @Option(
      names = "--preprocessing",
      paramLabel = "fashion-mnist|imagenet",
      description =
          "How images become inputs, recorded in mnasnet.json and built into serving_encoded:"
              + " fashion-mnist (grey replicated, normalised with mean 0.2860 / std 0.3530, padded"
              + " to the input size with normalised black) or imagenet (shorter side resized to"
              + " S*256/224, centre crop, ImageNet mean/std). Default: fashion-mnist with --labels"
              + " fashion-mnist, imagenet otherwise.")
  String preprocessing;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name for mnasnet.json. Default: mnasnet<width>-imported.")
  String name;

  @Option(
      names = "--version",
      paramLabel = "N",
      defaultValue = "1",
      description = "Model version for mnasnet.json. Default: ${DEFAULT-VALUE}.")
  int version;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    TorchImport.Request request;
    try {
      MnasNetConfig config = MnasNetConfig.of(width, classes, imageSize);
      request =
          new TorchImport.Request(
              weights,
              config,
              labels(),
              preprocessing(),
              name != null ? name : defaultName(),
              version,
              out);
    } catch (IllegalArgumentException | IOException e) {
      err.println("import-torch: " + e.getMessage());
      return 2;
    }
    try {
      // moving weights needs no GPU
      ModelMetadata metadata = TorchImport.run(request, ResolvedRuntime.cpuOnly());
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.printf(
          Locale.ROOT,
          "Imported %s (%s width %s, %d classes, %dx%d input) into %s%n",
          weights,
          metadata.architecture(),
          metadata.width(),
          metadata.numClasses(),
          imageSize,
          imageSize,
          out);
      stdout.flush();
      return 0;
    } catch (StateDictMismatchException | IOException | IllegalArgumentException e) {
      err.println("import-torch: " + e.getMessage());
      return 1;
    }
  }

  private List<String> labels() throws IOException {
    if (labels == null) {
      return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
    if (labels.equals("fashion-mnist")) {
      return FashionMnist.CLASS_NAMES;
    }
    Path file = Path.of(labels);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--labels: '" + labels + "' is neither 'fashion-mnist' nor a readable file");
    }
    List<String> lines =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .toList();
    if (lines.size() != classes) {
      throw new IllegalArgumentException(
          "--labels: " + file + " has " + lines.size() + " labels, --classes is " + classes);
    }
    return lines;
  }

  private ModelMetadata.Preprocessing preprocessing() {
    String choice =
        preprocessing != null
            ? preprocessing
            : ("fashion-mnist".equals(labels) ? "fashion-mnist" : "imagenet");
    return switch (choice) {
      case "fashion-mnist" -> StandardPreprocessing.fashionMnist(imageSize);
      case "imagenet" -> StandardPreprocessing.imageNet(imageSize);
      default ->
          throw new IllegalArgumentException(
              "--preprocessing must be fashion-mnist or imagenet, got '" + choice + "'");
    };
  }

  private String defaultName() {
    // torchvision's style: mnasnet0_5, mnasnet1_0
    return "mnasnet" + String.valueOf(width).replace('.', '_') + "-imported";
  }
}
