package io.mnasnet.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.streams.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The app image's command line: {@code run} and nothing else, with the shape of {@code
 * bin/mnasnet}'s (the cli module checks that both print the same {@code run --help}).
 */
class AppLauncherTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = AppLauncher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void offersTheStreamingAppAndNoTool() {
    assertThat(AppLauncher.commandLine().getSubcommands().keySet())
        .containsExactlyInAnyOrder("help", "run");
    assertThat(run()).isZero();
    assertThat(out.toString()).contains("Usage: mnasnet").contains("run");
  }

  @Test
  void runHelpListsEveryOptionWithItsKeyAndVariable() {
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString())
        .startsWith("Usage: mnasnet run")
        .contains("--config=FILE")
        .contains("--bootstrap-servers=HOSTS");
    // picocli wraps long lines, also after the dots of a key
    String unwrapped = out.toString().replaceAll("\\.\\s+", ".").replaceAll("\\s+", " ");
    for (Setting setting : Setting.values()) {
      assertThat(unwrapped).contains(setting.key()).contains(setting.envName());
    }
  }

  @Test
  void aToolOfTheLauncherIsAnUnknownCommandHere() {
    assertThat(run("produce", "--fashion-mnist")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("produce");
  }

  @Test
  void configurationErrorsExitWithTwo() {
    // --print-config resolves the settings without connecting anywhere
    assertThat(run("run", "--batch-size", "0", "--print-config")).isEqualTo(2);
    assertThat(err.toString()).contains("batch.size");
  }
}
