package io.mnasnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mnasnet demo} says before it starts anything. */
class DemoCommandTest {

  @Test
  void aMissingModelDirectoryFailsAtOnceNamingItAndHowToGetOne(@TempDir Path work) {
    Path missing = work.resolve("no-model-here");

    CommandRun run = CommandRun.of("demo", "--model", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("No model directory at " + missing)
        .contains("bin/mnasnet import-torch")
        .contains("--model DIR");
    assertThat(run.out()).isEmpty();
    assertThat(run.millis()).as("starts no broker").isLessThan(5_000);
  }

  @Test
  void aDirectoryWithoutAModelFailsBeforeAnyBrokerStarts(@TempDir Path empty) {
    CommandRun run = CommandRun.of("demo", "--model", empty.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("no model in " + empty)
        .contains("saved_model.pb")
        .doesNotContain("Kafka broker in this process");
  }

  @Test
  void theDefaultModelIsTheShippedOneUnderTheProjectRoot() {
    assertThat(DemoModel.shipped("/opt/mnasnet"))
        .isEqualTo(Path.of("/opt/mnasnet/models/fashion-mnist/mnasnet0_5"));
    assertThat(DemoModel.shipped(null)).isEqualTo(Path.of("models/fashion-mnist/mnasnet0_5"));
  }

  @Test
  void aMissingShippedModelIsNamedAsSuch(@TempDir Path home) {
    String previous = System.getProperty(DemoModel.HOME_PROPERTY);
    System.setProperty(DemoModel.HOME_PROPERTY, home.toString());
    try {
      CommandRun run = CommandRun.of("demo");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .contains("The pretrained model is missing")
          .contains(home.resolve("models/fashion-mnist/mnasnet0_5").toString());
    } finally {
      restore(previous);
    }
  }

  @Test
  void rejectsANegativeCount() {
    CommandRun run = CommandRun.of("demo", "--count", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--count must be >= 0");
  }

  @Test
  void helpSaysWhatItStartsSendsAndShows() {
    CommandRun run = CommandRun.of("demo", "--help");

    assertThat(run.out())
        .contains("Starts:", "Sends:", "Shows:")
        .contains("Kafka brokers of an existing cluster to use. Default: none");
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty(DemoModel.HOME_PROPERTY);
    } else {
      System.setProperty(DemoModel.HOME_PROPERTY, previous);
    }
  }
}
