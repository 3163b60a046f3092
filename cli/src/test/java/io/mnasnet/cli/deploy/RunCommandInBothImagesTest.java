package io.mnasnet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.Mnasnet;
import io.mnasnet.streams.cli.AppLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code run} is the same command in {@code bin/mnasnet} (and the tools' image) and in the app's
 * image: same usage, options, keys and variables, so that the manifests and the docs hold for both.
 */
class RunCommandInBothImagesTest {

  @Test
  void runHelpIsTheSameInTheAppImageAsInTheLauncher() {
    Result launcher = execute(Mnasnet.commandLine(), "run", "--help");
    assertThat(launcher.exitCode()).isZero();
    assertThat(launcher.out()).startsWith("Usage: mnasnet run").contains("--bootstrap-servers");
    assertThat(execute(AppLauncher.commandLine(), "run", "--help")).isEqualTo(launcher);
  }

  @Test
  void printConfigResolvesTheSameSettings() {
    String[] args = {
      "run",
      "--bootstrap-servers",
      "kafka:9092",
      "--model",
      "/models/m",
      "--batch-size",
      "48",
      "--print-config"
    };
    Result launcher = execute(Mnasnet.commandLine(), args);
    assertThat(launcher.out()).contains("batch.size").contains("48").contains("kafka:9092");
    assertThat(execute(AppLauncher.commandLine(), args)).isEqualTo(launcher);
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result execute(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
