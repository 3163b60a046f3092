package io.mnasnet.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaClientOptionsTest {
  @TempDir Path folder;

  /** A command that only parses the mixin and keeps what it produced. */
  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Mixin KafkaClientOptions kafka;
    KafkaClientSettings settings;

    @Override
    public Integer call() {
      settings = kafka.settings();
      return 0;
    }
  }

  private final StringWriter errors = new StringWriter();

  private KafkaClientSettings parse(String... args) {
    Probe probe = new Probe();
    CommandLine commandLine = new CommandLine(probe).setErr(new PrintWriter(errors));
    int exitCode = commandLine.execute(args);
    return exitCode == 0 ? probe.settings : null;
  }

  @Test
  void defaultsToLocalhost() {
    assertThat(parse().properties())
        .containsExactly(Map.entry("bootstrap.servers", "localhost:9092"));
  }

  @Test
  void minusXBeatsBootstrapServersWhichBeatsTheConfigFileWhichBeatsCommandDefaults()
      throws Exception {
    Path config =
        Files.writeString(
            folder.resolve("client.properties"),
            """
            bootstrap.servers=from-file:9092
            security.protocol=SASL_SSL
            acks=1
            client.id=from-file
            """);

    KafkaClientSettings settings =
        parse(
            "--config",
            config.toString(),
            "-b",
            "from-flag:9092",
            "-X",
            "acks=all",
            "-Xlinger.ms=20");
    Map<String, Object> producer =
        settings.withDefaults(
            Map.of("acks", "0", "linger.ms", 5, "client.id", "default", "retries", 3));

    assertThat(settings.bootstrapServers()).isEqualTo("from-flag:9092");
    assertThat(producer)
        .containsEntry("bootstrap.servers", "from-flag:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("acks", "all")
        .containsEntry("linger.ms", "20")
        .containsEntry("client.id", "from-file")
        .containsEntry("retries", 3);

    assertThat(parse("--config", config.toString()).bootstrapServers()).isEqualTo("from-file:9092");
    assertThat(
            parse(
                    "-b",
                    "from-flag:9092",
                    "-X",
                    "bootstrap.servers=from-x:9092",
                    "--config",
                    config.toString())
                .bootstrapServers())
        .isEqualTo("from-x:9092");
  }

  @Test
  void aValueMayContainEqualsSignsAndTheLastMinusXOfAKeyWins() {
    String jaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p=1\";";
    KafkaClientSettings settings =
        parse("-X", "sasl.jaas.config=" + jaas, "-X", "acks=1", "-X", "acks=all");
    assertThat(settings.properties())
        .containsEntry("sasl.jaas.config", jaas)
        .containsEntry("acks", "all");
  }

  @Test
  void adminGetsOnlyTheSettingsItKnows() {
    KafkaClientSettings settings =
        parse(
            "-X",
            "security.protocol=SSL",
            "-X",
            "acks=all",
            "-X",
            "isolation.level=read_committed");
    assertThat(settings.forAdmin(Map.of("request.timeout.ms", 1000)))
        .containsOnlyKeys("bootstrap.servers", "security.protocol", "request.timeout.ms");
  }

  @Test
  void aMissingConfigFileOrValuelessMinusXIsAUsageError() {
    assertThat(parse("--config", folder.resolve("nope.properties").toString())).isNull();
    assertThat(errors.toString()).contains("--config").contains("nope.properties: no such file");

    assertThat(parse("-X", "acks")).isNull();
    assertThat(errors.toString()).contains("-X (--kafka) acks needs a value");
  }

  @Test
  void dashDashKafkaIsTheSameOptionAsMinusXAsRunSpellsIt() {
    KafkaClientSettings settings =
        parse("--kafka", "security.protocol=SSL", "-X", "acks=1", "--kafka", "acks=all");
    assertThat(settings.properties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("acks", "all");
  }

  @Test
  void theEnvironmentBeatsTheConfigFileAndLosesToFlags() throws Exception {
    Path config =
        Files.writeString(
            folder.resolve("client.properties"),
            "bootstrap.servers=from-file:9092\nsecurity.protocol=SSL\nclient.id=from-file\n");
    Map<String, String> environment =
        Map.of(
            "MNASNET_BOOTSTRAP_SERVERS", "from-env:9092",
            "MNASNET_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "MNASNET_KAFKA_SASL_JAAS_CONFIG", "secret",
            "MNASNET_BATCH_SIZE", "8",
            "PATH", "/bin");
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs("--config", config.toString(), "-X", "client.id=from-x");
    KafkaClientSettings settings = probe.kafka.settings(environment);
    assertThat(settings.properties())
        .containsEntry("bootstrap.servers", "from-env:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", "secret")
        .containsEntry("client.id", "from-x")
        .doesNotContainKeys("batch.size", "path");

    new CommandLine(probe).parseArgs("-b", "from-flag:9092");
    assertThat(probe.kafka.settings(environment).bootstrapServers()).isEqualTo("from-flag:9092");
  }

  @Test
  void toStringHidesValuesThatMayBeSecrets() {
    KafkaClientSettings settings = parse("-X", "sasl.jaas.config=secret-password");
    assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("secret-password");
  }
}
