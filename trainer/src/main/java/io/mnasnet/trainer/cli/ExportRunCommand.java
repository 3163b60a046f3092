package io.mnasnet.trainer.cli;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.training.BestEpoch;
import io.mnasnet.trainer.training.RunDirectory;
import io.mnasnet.trainer.training.RunExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet export RUN_DIR --output DIR}: writes the best epoch of a training run as a model
 * directory (SavedModel + mnasnet.json). Reads the run directory; writes {@code DIR}.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Export the best epoch (by validation top-1) of a training run directory as a model"
          + " directory: saved_model.pb + variables/ (signatures serving_default on preprocessed"
          + " images and serving_encoded on PNG/JPEG bytes) and mnasnet.json with the run's labels"
          + " and preprocessing. (train already keeps the best epoch exported in RUN_DIR/model;"
          + " this writes it elsewhere, e.g. a versioned serving directory.)"
    },
    footer = {
      "",
      "Example:",
      "  bin/mnasnet export runs/fmnist --output models/fashion-mnist/mnasnet0_5/1 --model-version 1"
    })
public final class ExportRunCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The training run directory.")
  private Path runDirectory;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Model directory to create (must not exist, or be empty).")
  private Path output;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name in mnasnet.json (default: the run's).")
  private String name;

  @Option(
      names = "--model-version",
      paramLabel = "N",
      defaultValue = "1",
      description = "Model version in mnasnet.json (default: ${DEFAULT-VALUE}).")
  private int version;

  @Override
  public Integer call() {
    try {
      RunDirectory run = new RunDirectory(runDirectory);
      // moving weights needs no GPU
      ModelMetadata metadata =
          RunExport.export(run, output, name, version, ResolvedRuntime.cpuOnly());
      BestEpoch best = run.readBest();
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "Exported %s version %d (epoch %d: validation top-1 %.2f%%, top-5 %.2f%%) to %s%n",
              metadata.name(),
              metadata.version(),
              best.epoch(),
              100 * best.top1(),
              100 * best.top5(),
              output);
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("mnasnet export: " + e.getMessage());
      return 1;
    }
  }
}
