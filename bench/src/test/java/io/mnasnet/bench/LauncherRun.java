package io.mnasnet.bench;

import io.mnasnet.cli.Mnasnet;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code mnasnet ...} command run in this JVM through the launcher's command tree (bench
 * included), with what it printed.
 */
record LauncherRun(int exit, String stdout, String stderr) {

  static LauncherRun of(String... args) {
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int exit =
        Mnasnet.commandLine()
            .setOut(new PrintWriter(stdout))
            .setErr(new PrintWriter(stderr))
            .execute(args);
    return new LauncherRun(exit, stdout.toString(), stderr.toString());
  }
}
