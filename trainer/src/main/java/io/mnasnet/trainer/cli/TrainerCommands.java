package io.mnasnet.trainer.cli;

import io.mnasnet.trainer.snapshot.StreamSnapshotSource;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer module's commands, for the launcher ({@code bin/mnasnet}) to register as picocli
 * subcommands: {@code summary}, {@code import-torch}, {@code predict}, {@code train}, {@code
 * evaluate}, {@code plot}, {@code export}, {@code export-onnx}, {@code lineage}.
 *
 * <pre>{@code
 * CommandLine root = new CommandLine(new MnasnetLauncher());
 * TrainerCommands.commands().forEach(root::addSubcommand);
 * }</pre>
 *
 * <p>{@link #main} runs them without the launcher, e.g. {@code java -cp ...
 * io.mnasnet.trainer.cli.TrainerCommands train --help}.
 */
public final class TrainerCommands {

  private TrainerCommands() {}

  /** New instances of every command (picocli {@code @Command} objects; names from annotations). */
  public static List<Object> commands() {
    return List.of(
        new SummaryCommand(),
        new ImportTorchCommand(),
        new PredictCommand(),
        new TrainCommand(),
        new EvaluateCommand(),
        new PlotCommand(),
        new ExportRunCommand(),
        new ExportOnnxCommand(),
        new LineageCommand());
  }

  /**
   * Every command, with {@code train} able to learn from {@code stream}: a picocli-annotated object
   * whose options (e.g. {@code --from-kafka} and the Kafka client settings) join {@code train}'s as
   * a mixin.
   */
  public static List<Object> commands(StreamSnapshotSource stream) {
    CommandLine train = new CommandLine(new TrainCommand(stream));
    train.addMixin("stream", stream);
    return List.of(
        new SummaryCommand(),
        new ImportTorchCommand(),
        new PredictCommand(),
        train,
        new EvaluateCommand(),
        new PlotCommand(),
        new ExportRunCommand(),
        new ExportOnnxCommand(),
        new LineageCommand());
  }

  /** Runs one trainer command. */
  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new Root());
    commands().forEach(commandLine::addSubcommand);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    System.exit(commandLine.execute(args));
  }

  @Command(
      name = "mnasnet-trainer",
      mixinStandardHelpOptions = true,
      subcommands = CommandLine.HelpCommand.class,
      description =
          "MnasNet model commands: summary, import-torch, predict, train, evaluate, plot, export,"
              + " export-onnx.")
  private static final class Root implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }
  }
}
