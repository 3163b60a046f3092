package io.mnasnet.streams.cli;

import picocli.CommandLine;

/** {@code mnasnet run} as a process of its own, as the launcher runs it (for process tests). */
public final class RunCommandProcess {
  private RunCommandProcess() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new RunCommand()).execute(args));
  }
}
