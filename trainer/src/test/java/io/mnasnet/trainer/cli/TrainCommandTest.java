package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class TrainCommandTest {

  @TempDir Path temp;

  @Test
  void helpDocumentsEveryOption() {
    CommandLine train = new CommandLine(new TrainCommand());
    String help = train.getUsageMessage(CommandLine.Help.Ansi.OFF);
    for (OptionSpec option : train.getCommandSpec().options()) {
      assertThat(help).contains(option.longestName());
      assertThat(String.join(" ", option.description()))
          .as("description of %s", option.longestName())
          .hasSizeGreaterThan(10);
    }
    // the essentials a user looks for
    assertThat(help)
        .contains("--resume", "--init-from", "--device", "--lr", "--schedule", "--ema-decay")
        .contains("Ctrl-C", "GPU", "jemalloc");
    assertThat(train.getCommandSpec().options()).hasSizeGreaterThan(30);
  }

  @Test
  void resumeRefusesOptionsThatWouldChangeTheRun() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err));
    int exit = commandLine.execute("--resume", temp.toString(), "--lr", "0.5", "--epochs", "3");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--lr", "--epochs", "saved configuration");
  }

  @Test
  void resumeOfADirectoryWithoutARunSaysSo() {
    int exit = new CommandLine(new TrainCommand()).execute("--resume", temp.toString());
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void badRecipeValuesAreRejectedWithTheFieldName() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err));
    int exit =
        commandLine.execute(
            "--run-dir", temp.resolve("run").toString(), "--label-smoothing", "1.5", "--quiet");
    assertThat(exit).isEqualTo(1);
    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void trainerCommandsListsTrainEvaluateAndPlot() {
    assertThat(TrainerCommands.commands())
        .extracting(command -> new CommandLine(command).getCommandName())
        .contains("train", "evaluate", "plot", "export", "predict", "summary", "import-torch");
  }

  @Test
  void aOneEpochRunShortensTheDefaultWarmupButNotOneTheUserGave() {
    TrainCommand defaults = new TrainCommand();
    new CommandLine(defaults).parseArgs("--epochs", "1");
    assertThat(defaults.recipe().warmupEpochs()).isEqualTo(0.5);
    assertThat(defaults.recipe().epochs()).isEqualTo(1);

    TrainCommand tpu = new TrainCommand();
    new CommandLine(tpu).parseArgs("--recipe", "tpu-imagenet", "--epochs", "3");
    assertThat(tpu.recipe().warmupEpochs()).isEqualTo(1.5);

    TrainCommand given = new TrainCommand();
    new CommandLine(given).parseArgs("--epochs", "1", "--warmup-epochs", "2");
    assertThatThrownBy(given::recipe)
        .hasMessageContaining("warmupEpochs must be >= 0 and less than epochs (1), got 2.0");
  }
}
