package io.mnasnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's command tree: what it offers and how it refuses bad arguments (no broker). */
class MnasnetCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Mnasnet.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void listsProduceAndConsume() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("produce").contains("consume");
  }

  @Test
  void everyKafkaOptionIsInTheHelpOfBothCommands() {
    for (String command : new String[] {"produce", "consume"}) {
      assertThat(run(command, "--help")).isZero();
    }
    assertThat(out.toString().split("--bootstrap-servers", -1)).hasSizeGreaterThan(2);
    assertThat(out.toString())
        .contains("--config=FILE")
        .contains("-X=KEY=VALUE")
        .contains("precedence");
  }

  @Test
  void produceWithoutImagesIsAUsageError() {
    assertThat(run("produce")).isEqualTo(2);
    assertThat(err.toString()).contains("give image files or folders, or --fashion-mnist");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("produce", "--fashion-mnist", "--format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("--format");
    assertThat(run("produce", "--fashion-mnist", "--split", "validation")).isEqualTo(2);
    assertThat(err.toString()).contains("use test or train");
    assertThat(run("produce", "--fashion-mnist", "--rate", "-5")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be >= 0");
    assertThat(run("consume", "--timeout", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("not a duration");
  }

  @Test
  void aMissingDataDirectoryFailsBeforeAnyConnectionWithHowToGetTheData(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
    // -b points nowhere: the data set is read first, so the message is about the files
    assertThat(
            run("produce", "--fashion-mnist", "--data-dir", empty.toString(), "-b", "127.0.0.1:1"))
        .isEqualTo(1);
    assertThat(err.toString())
        .startsWith("mnasnet produce: Cannot read Fashion-MNIST")
        .contains("apt-get install dataset-fashion-mnist");
  }
}
