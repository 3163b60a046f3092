package io.mnasnet.trainer.cli;

import io.mnasnet.trainer.runlog.TrainingPlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet plot RUN_DIR}: redraws a run's PNG plots from its {@code log.jsonl}. Reads the
 * log; writes {@code loss.png}, {@code accuracy.png} and {@code learning-rate.png} beside it. Needs
 * no TensorFlow and works while the run is training.
 */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = {
      "Draw the training curves of a run directory from its log.jsonl: loss.png (per-step and"
          + " per-epoch training loss, validation loss), accuracy.png (top-1/top-5, train and"
          + " validation) and learning-rate.png, written into RUN_DIR. Safe to run while the run"
          + " is training (the trainer also redraws them after every epoch)."
    })
public final class PlotCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
  private Path runDirectory;

  @Override
  public Integer call() {
    try {
      List<Path> written = TrainingPlots.renderRunDirectory(runDirectory);
      written.forEach(path -> spec.commandLine().getOut().println("wrote " + path));
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("mnasnet plot: " + e.getMessage());
      return 1;
    }
  }
}
