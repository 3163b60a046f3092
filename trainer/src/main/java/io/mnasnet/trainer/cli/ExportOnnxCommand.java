package io.mnasnet.trainer.cli;

import io.mnasnet.trainer.export.OnnxVersionExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet export-onnx --model DIR}: adds {@code model.onnx} to model version directories
 * that have only a SavedModel. Reads {@code saved_model.pb}, {@code variables/}, {@code
 * mnasnet.json}; writes {@code model.onnx} and the {@code onnx} entry of {@code mnasnet.json}.
 */
@Command(
    name = "export-onnx",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Add model.onnx to a model version directory exported without it (train and import-torch"
          + " write it themselves): the SavedModel's weights as an ONNX model (batch norm folded"
          + " into the convolutions, dynamic batch), checked against the SavedModel on random"
          + " images and recorded in mnasnet.json. ONNX Runtime then serves the version on a CPU"
          + " (--engine auto). The SavedModel is not changed."
    },
    footer = {
      "",
      "Examples:",
      "  bin/mnasnet export-onnx --model models/fashion-mnist/mnasnet0_5/1",
      "  bin/mnasnet export-onnx --model models/fashion-mnist/mnasnet0_5     # every version"
    })
public final class ExportOnnxCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "A model version directory (saved_model.pb + mnasnet.json), or a directory of numbered"
              + " versions (DIR/1, DIR/2...): each version without model.onnx gets one.")
  private Path model;

  @Option(
      names = "--force",
      description = "Write model.onnx again where it exists (e.g. after replacing the weights).")
  private boolean force;

  @Override
  public Integer call() {
    try {
      List<Path> versions = versions(model);
      boolean oneVersion = versions.equals(List.of(model));
      int written = 0;
      for (Path version : versions) {
        // a directory of versions: those that have one are done; one version: say how to redo it
        if (!force && !oneVersion && Files.exists(version.resolve("model.onnx"))) {
          spec.commandLine().getOut().printf("%s: has model.onnx, skipped%n", version);
          continue;
        }
        OnnxVersionExport.Result result = OnnxVersionExport.export(version, force);
        spec.commandLine()
            .getOut()
            .printf(
                "Wrote %s (opset %d, sha256 %s); ONNX Runtime vs the SavedModel: %s%n",
                version.resolve(result.export().file()),
                result.export().opset(),
                result.export().sha256(),
                result.agreement());
        written++;
      }
      if (written == 0) {
        spec.commandLine().getOut().println("Nothing to do: every version has model.onnx.");
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("mnasnet export-onnx: " + e.getMessage());
      return 1;
    }
  }

  private static List<Path> versions(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      return List.of(dir);
    }
    List<Path> versions = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> children = Files.list(dir)) {
        children
            .filter(p -> p.getFileName().toString().matches("[0-9]+"))
            .filter(p -> Files.isRegularFile(p.resolve("saved_model.pb")))
            .sorted((a, b) -> Long.compare(number(a), number(b)))
            .forEach(versions::add);
      }
    }
    if (versions.isEmpty()) {
      throw new IOException(
          dir
              + " is neither a model version directory (saved_model.pb + mnasnet.json) nor a"
              + " directory of numbered versions");
    }
    return versions;
  }

  private static long number(Path version) {
    return Long.parseLong(version.getFileName().toString());
  }
}
