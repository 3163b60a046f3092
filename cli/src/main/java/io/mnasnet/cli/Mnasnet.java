package io.mnasnet.cli;

import io.mnasnet.cli.consume.ConsumeCommand;
import io.mnasnet.cli.demo.DemoCommand;
import io.mnasnet.cli.produce.ProduceCommand;
import io.mnasnet.cli.promote.PromoteCommand;
import io.mnasnet.cli.snapshot.KafkaSnapshotSource;
import io.mnasnet.streams.cli.StreamsCommands;
import io.mnasnet.trainer.cli.TrainerCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The entry point of {@code bin/mnasnet <command>}: one launcher for every command of the project.
 * Each module contributes its commands; this class only lists them. Tooling that is not part of the
 * product (the benchmarks) joins through {@link LauncherCommands} when its jar is present.
 * Process-level settings that must exist before TensorFlow's native library loads (oneDNN off, log
 * level, the memory allocator) are the launcher script's job, not this class's.
 */
@Command(
    name = "mnasnet",
    mixinStandardHelpOptions = true,
    versionProvider = ProjectVersion.class,
    description = {
      "Streaming image classification on Apache Kafka, powered by MnasNet.",
      "",
      "Run 'bin/mnasnet <command> --help' for the options of a command."
    },
    commandListHeading = "%nCommands:%n",
    footer = {"", "Docs: README.md. Build first with: mvn -B package -DskipTests"})
public final class Mnasnet implements Runnable {

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The launcher's command tree; tests use it to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Mnasnet());
    for (Object command : commands()) {
      commandLine.addSubcommand(command);
    }
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(Mnasnet::handleExecutionException);
    return commandLine;
  }

  private static List<Object> commands() {
    List<Object> commands = new ArrayList<>();
    commands.add(new CommandLine.HelpCommand());
    commands.add(new ProduceCommand());
    commands.add(new ConsumeCommand());
    commands.add(new DemoCommand());
    commands.addAll(StreamsCommands.commands());
    // train learns from Kafka topics too: the Kafka source's options join its own
    commands.addAll(TrainerCommands.commands(new KafkaSnapshotSource()));
    commands.add(new PromoteCommand());
    // tooling shipped beside the product (bench/): present when its jar is on the class path
    for (LauncherCommands extra : ServiceLoader.load(LauncherCommands.class)) {
      commands.addAll(extra.commands());
    }
    return commands;
  }

  /**
   * Prints a {@link CommandFailedException} as the one-line message it is, for the user to act on;
   * anything else is a bug and keeps its stack trace.
   */
  private static int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) throws Exception {
    if (exception instanceof CommandFailedException failure) {
      commandLine
          .getErr()
          .println("mnasnet " + commandLine.getCommandName() + ": " + failure.getMessage());
      commandLine.getErr().flush();
      return failure.exitCode();
    }
    throw exception;
  }

  @Override
  public void run() {
    // No command given: show what there is, like `git` does.
    spec.commandLine().usage(System.out);
  }
}
