package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.Mnasnet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} works on every command a user can reach through {@code bin/mnasnet}, the bench
 * suites and workers included (bench joins the launcher through its ServiceLoader hook, which is on
 * this module's class path).
 */
class EveryCommandHasHelpTest {

  @Test
  void everyCommandAndSubcommandAnswersHelpWithItsUsage() {
    List<String> paths = new ArrayList<>();
    collect(Mnasnet.commandLine(), List.of(), paths);
    assertThat(paths).contains("bench pipeline", "bench worker-model", "produce", "run");

    for (String path : paths) {
      CommandLine commandLine = Mnasnet.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      commandLine.setOut(new PrintWriter(out));
      commandLine.setErr(new PrintWriter(err));
      List<String> args =
          new ArrayList<>(List.of(path.isEmpty() ? new String[0] : path.split(" ")));
      args.add("--help");

      // picocli reports a description it cannot format (an unescaped %) on System.err
      ByteArrayOutputStream tracer = new ByteArrayOutputStream();
      PrintStream systemErr = System.err;
      System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
      int exit;
      try {
        exit = commandLine.execute(args.toArray(String[]::new));
      } finally {
        System.setErr(systemErr);
      }

      assertThat(exit).as("exit code of '%s --help' (stderr: %s)", path, err).isZero();
      assertThat(out.toString()).as("'%s --help'", path).contains("Usage: mnasnet");
      assertThat(tracer.toString(StandardCharsets.UTF_8))
          .as("picocli's warnings for '%s --help'", path)
          .doesNotContain("picocli WARN");
    }
  }

  private static void collect(CommandLine command, List<String> prefix, List<String> paths) {
    paths.add(String.join(" ", prefix));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              // aliases appear under each of their names; walk each command once
              if (sub.getCommandName().equals(name)) {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                collect(sub, path, paths);
              }
            });
  }
}
