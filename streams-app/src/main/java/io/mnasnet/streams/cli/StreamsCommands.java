package io.mnasnet.streams.cli;

import java.util.List;

/**
 * The commands this module contributes to the {@code bin/mnasnet} launcher, which registers each
 * with {@code CommandLine.addSubcommand(Object)}.
 */
public final class StreamsCommands {
  private StreamsCommands() {}

  /** New instances of the module's commands: {@link RunCommand} ({@code run}). */
  public static List<Object> commands() {
    return List.of(new RunCommand());
  }
}
