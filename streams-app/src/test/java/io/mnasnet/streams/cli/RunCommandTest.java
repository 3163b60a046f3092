package io.mnasnet.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mnasnet.streams.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class RunCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    CommandLine commandLine = new CommandLine(new RunCommand(environment));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpListsEveryOptionWithItsDefaultKeyAndEnvironmentVariable() {
    assertThat(run(Map.of(), "--help")).isZero();
    String help = out.toString();

    assertThat(help)
        .contains("Reads:")
        .contains("Writes:")
        .contains("Needs:")
        .contains("flags > environment variables")
        .contains("--config")
        .contains("--kafka")
        .contains("--print-config");
    for (Setting setting : Setting.values()) {
      assertThat(help).as(setting.key()).contains(setting.envName());
    }
    assertThat(help)
        .contains("--bootstrap-servers")
        .contains("--model=DIR")
        .contains("--batch-size")
        .contains("--batch-linger-ms")
        .contains("--device")
        .contains("Default: exactly_once_v2");
  }

  @Test
  void printsTheResolvedConfigurationWithSourcesAndMaskedSecrets() {
    int exit =
        run(
            Map.of("MNASNET_BATCH_SIZE", "12"),
            "--print-config",
            "--bootstrap-servers",
            "b:9092",
            "--model",
            "/models/fmnist",
            "--batch-size",
            "48",
            "--kafka",
            "sasl.jaas.config=PlainLoginModule required password=\"hunter2\";");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("batch.size")
        .contains("48   (command line)")
        .contains("bootstrap.servers")
        .doesNotContain("hunter2")
        .containsPattern("kafka.sasl.jaas.config += \\*{8} +\\(command line\\)");
  }

  @Test
  void minusXAndDashBAreTheSpellingsOfProduceAndConsume() {
    int exit =
        run(
            Map.of(),
            "--print-config",
            "-b",
            "b:9092",
            "--model",
            "/models/fmnist",
            "-X",
            "security.protocol=SASL_SSL",
            "-Xclient.id=from-x");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .containsPattern("bootstrap.servers += b:9092 +\\(command line\\)")
        .containsPattern("kafka.security.protocol += SASL_SSL +\\(command line\\)")
        .containsPattern("kafka.client.id += from-x +\\(command line\\)");
  }

  @Test
  void masksKafkasPasswordTypedSettingsBesideTheWordListsInPrintConfig() {
    // Kafka 4.4's passphrase has none of the word list's words: its ConfigDef type says PASSWORD
    int exit =
        run(
            Map.of("MNASNET_KAFKA_SSL_KEY_PASSWORD", "hunter3"),
            "--print-config",
            "-b",
            "b:9092",
            "--model",
            "/models/fmnist",
            "--kafka",
            "sasl.oauthbearer.assertion.private.key.passphrase=open-sesame");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .doesNotContain("open-sesame")
        .doesNotContain("hunter3")
        .containsPattern(
            "kafka.sasl.oauthbearer.assertion.private.key.passphrase += \\*{8} +\\(command line\\)")
        .containsPattern("kafka.ssl.key.password += \\*{8} +\\(environment");
  }

  @Test
  void theStartUpLogMasksThemToo() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(RunCommand.class);
    logger.addAppender(logs);
    try {
      // no model there: the app logs its configuration, then fails to load the model
      int exit =
          run(
              Map.of(),
              "-b",
              "127.0.0.1:1",
              "--model",
              "/nonexistent/model",
              "--kafka",
              "sasl.oauthbearer.assertion.private.key.passphrase=open-sesame",
              "--kafka",
              "ssl.key.password=hunter3");
      assertThat(exit).isEqualTo(1);
    } finally {
      logger.detachAppender(logs);
    }
    String logged =
        logs.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", String::concat);
    assertThat(logged)
        .contains("Configuration (flags > environment > file > defaults)")
        .containsPattern("kafka.sasl.oauthbearer.assertion.private.key.passphrase += \\*{8}")
        .containsPattern("kafka.ssl.key.password += \\*{8}")
        .doesNotContain("open-sesame")
        .doesNotContain("hunter3");
  }

  @Test
  void exitsWithTwoAndNamesTheKeyOnABadSetting() {
    int exit = run(Map.of("MNASNET_BATCH_SIZE", "lots"), "--bootstrap-servers", "b:9092");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("batch.size=lots (from environment MNASNET_BATCH_SIZE): must be a whole number")
        .contains("missing required setting 'model.dir'");
  }

  @Test
  void moduleContributesTheRunCommand() {
    assertThat(StreamsCommands.commands())
        .singleElement()
        .satisfies(
            command -> assertThat(new CommandLine(command).getCommandName()).isEqualTo("run"));
  }
}
