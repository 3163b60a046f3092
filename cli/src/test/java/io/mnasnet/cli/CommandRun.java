package io.mnasnet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of {@code bin/mnasnet ...} through {@link Mnasnet#commandLine()}, with what it
 * printed.
 */
public record CommandRun(int exitCode, String out, String err, long millis) {

  public static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Mnasnet.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int exitCode = commandLine.execute(args);
    return new CommandRun(
        exitCode, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String toString() {
    return "exit "
        + exitCode
        + " after "
        + millis
        + " ms\n--- stdout\n"
        + out
        + "--- stderr\n"
        + err;
  }
}
