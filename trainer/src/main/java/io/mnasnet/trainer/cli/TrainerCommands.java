package io.mnasnet.trainer.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer module's commands, for the project launcher ({@code bin/mnasnet}) to register: {@code
 * train}, {@code evaluate} and {@code plot}. {@link #main} runs them without the launcher (e.g.
 * {@code java -cp ... io.mnasnet.trainer.cli.TrainerCommands train --help}).
 */
public final class TrainerCommands {

  private TrainerCommands() {}

  /** New instances of the commands, to add as picocli subcommands. */
  public static List<Object> commands() {
    return List.of(new TrainCommand(), new EvaluateCommand(), new PlotCommand());
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
      description = "Train, evaluate and plot MnasNet models.")
  private static final class Root implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }
  }
}
