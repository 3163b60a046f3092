package io.mnasnet.trainer.cli;

import java.util.List;

/**
 * The trainer module's commands, for the launcher ({@code bin/mnasnet}) to register as picocli
 * subcommands: {@code summary}, {@code import-torch}, {@code predict}.
 *
 * <pre>{@code
 * CommandLine root = new CommandLine(new MnasnetLauncher());
 * TrainerCommands.commands().forEach(root::addSubcommand);
 * }</pre>
 */
public final class TrainerCommands {

  private TrainerCommands() {}

  /** New instances of every command (picocli {@code @Command} objects; names from annotations). */
  public static List<Object> commands() {
    return List.of(new SummaryCommand(), new ImportTorchCommand(), new PredictCommand());
  }
}
