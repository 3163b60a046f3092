package io.mnasnet.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
  @TempDir Path dir;

  @Test
  void theProbesListenerAndTheViewsHostNamesAreReadAndChecked() {
    Map<String, String> required =
        Map.of("bootstrap.servers", "b:9092", "model.dir", "/models/fmnist");
    StreamsAppConfig.OperationsSettings defaults =
        StreamsAppConfig.from(SettingsResolver.fromFlags(required)).operations();
    assertThat(defaults.healthPort()).isEqualTo(-1);
    assertThat(defaults.allowedHosts()).isEmpty();

    StreamsAppConfig.OperationsSettings set =
        StreamsAppConfig.from(
                SettingsResolver.resolve(
                    required,
                    Map.of(
                        "MNASNET_HEALTH_PORT", "9401",
                        "MNASNET_WEB_ALLOWED_HOSTS", " view.example, Proxy.Example.COM ,"),
                    null))
            .operations();
    assertThat(set.healthPort()).isEqualTo(9401);
    assertThat(set.allowedHosts()).containsExactly("view.example", "proxy.example.com");

    assertThatThrownBy(
            () ->
                StreamsAppConfig.from(
                    SettingsResolver.resolve(
                        required,
                        Map.of(
                            "MNASNET_HEALTH_PORT", "9400",
                            "MNASNET_WEB_ALLOWED_HOSTS", "view.example:443"),
                        null)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("health.port=9400")
        .hasMessageContaining("must differ from metrics.port=9400")
        .hasMessageContaining("'view.example:443' is not a host name");
  }

  @Test
  void theWebViewIsOnByDefaultAndTurnedOffByFileEnvironmentOrFlag() throws IOException {
    Map<String, String> required =
        Map.of("bootstrap.servers", "b:9092", "model.dir", "/models/fmnist");
    assertThat(StreamsAppConfig.from(SettingsResolver.fromFlags(required)).operations().webView())
        .isTrue();

    Path file = write("web.view=false\n");
    assertThat(
            StreamsAppConfig.from(SettingsResolver.resolve(required, Map.of(), file))
                .operations()
                .webView())
        .isFalse();
    assertThat(
            StreamsAppConfig.from(
                    SettingsResolver.resolve(required, Map.of("MNASNET_WEB_VIEW", "false"), null))
                .operations()
                .webView())
        .isFalse();
    assertThatThrownBy(
            () ->
                StreamsAppConfig.from(
                    SettingsResolver.resolve(required, Map.of("MNASNET_WEB_VIEW", "maybe"), null)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("web.view")
        .hasMessageContaining("must be true or false");
  }

  @Test
  void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws IOException {
    Path file =
        write(
            "bootstrap.servers=file:9092\n"
                + "model.dir=/models/file\n"
                + "batch.size=8\n"
                + "batch.linger.ms=20\n"
                + "top.k=3\n");
    Map<String, String> env =
        Map.of(
            "MNASNET_BATCH_SIZE", "16",
            "MNASNET_BATCH_LINGER_MS", "30",
            "MNASNET_ALLOCATOR", "jemalloc", // the launcher's, ignored
            "PATH", "/usr/bin");
    Map<String, String> flags = Map.of("batch.size", "64");

    ResolvedSettings settings = SettingsResolver.resolve(flags, env, file);
    StreamsAppConfig config = StreamsAppConfig.from(settings);

    assertThat(config.batching().size()).isEqualTo(64);
    assertThat(config.batching().linger()).isEqualTo(Duration.ofMillis(30));
    assertThat(config.inference().topK()).isEqualTo(3);
    assertThat(config.kafka().bootstrapServers()).isEqualTo("file:9092");
    assertThat(config.inference().device()).isEqualTo(Device.AUTO);
    assertThat(config.kafka().guarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
    assertThat(settings.get(Setting.BATCH_SIZE).orElseThrow().source()).isEqualTo("command line");
    assertThat(settings.get(Setting.BATCH_LINGER_MS).orElseThrow().source())
        .isEqualTo("environment MNASNET_BATCH_LINGER_MS");
    assertThat(settings.get(Setting.TOP_K).orElseThrow().source()).isEqualTo("file " + file);
    assertThat(settings.get(Setting.DLQ_TOPIC).orElseThrow().source()).isEqualTo("default");
  }

  @Test
  void passesKafkaClientSettingsThroughFromEverySource() throws IOException {
    Path file = write("kafka.security.protocol=SASL_SSL\nkafka.commit.interval.ms=500\n");
    Map<String, String> env = Map.of("MNASNET_KAFKA_SASL_MECHANISM", "PLAIN");
    Map<String, String> flags =
        Map.of(
            "bootstrap.servers", "b:9092",
            "model.dir", "/m",
            "kafka.commit.interval.ms", "200");

    StreamsAppConfig config = StreamsAppConfig.from(SettingsResolver.resolve(flags, env, file));

    assertThat(config.kafka().clientSettings())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("commit.interval.ms", "200");
  }

  @Test
  void rejectsUnknownKeysInTheFileNamingFileAndKey() throws IOException {
    Path file = write("batch.sise=8\n");
    assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), Map.of(), file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown setting 'batch.sise'")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("batch.size");
  }

  @Test
  void gpuMemoryGrowsOnDemandUnlessAShareIsSet() throws IOException {
    Map<String, String> required =
        Map.of("bootstrap.servers", "localhost:9092", "model.dir", "/models");
    StreamsAppConfig defaults =
        StreamsAppConfig.from(SettingsResolver.resolve(required, Map.of(), null));
    assertThat(defaults.inference().runtimeOptions().gpuMemoryFraction())
        .isEqualTo(RuntimeOptions.GPU_MEMORY_ON_DEMAND);

    StreamsAppConfig shared =
        StreamsAppConfig.from(
            SettingsResolver.resolve(
                required, Map.of("MNASNET_INFERENCE_GPU_MEMORY_FRACTION", "0.45"), null));
    assertThat(shared.inference().runtimeOptions().gpuMemoryFraction()).isEqualTo(0.45);

    Map<String, String> tooMuch = new java.util.HashMap<>(required);
    tooMuch.put("inference.gpu.memory.fraction", "1.5");
    assertThatThrownBy(
            () -> StreamsAppConfig.from(SettingsResolver.resolve(tooMuch, Map.of(), null)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("inference.gpu.memory.fraction=1.5")
                                .contains("(0, 1]")));
  }

  @Test
  void refusesPathsTheFileSystemCannotHoldAsProblemsNotCrashes() throws IOException {
    // found by fuzzing (StreamsAppConfigFuzzTest): a NUL in state.dir escaped as
    // InvalidPathException from StreamsAppConfig.from
    Path file =
        write("bootstrap.servers=b:9092\nmodel.dir=/models/a\\u0000b\nstate.dir=/var/x\\u0000y\n");

    assertThatThrownBy(
            () -> StreamsAppConfig.from(SettingsResolver.resolve(Map.of(), Map.of(), file)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).contains("model.dir").contains("not a file system path"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("state.dir")
                                .contains("not a file system path")));
  }

  @Test
  void reportsEveryBadValueWithKeyAndSource() {
    Map<String, String> env = Map.of("MNASNET_BATCH_SIZE", "abc");
    Map<String, String> flags =
        Map.of(
            "top.k", "0",
            "processing.guarantee", "exactly_once",
            "device", "tpu",
            "output.topic", "images-in");

    assertThatThrownBy(() -> StreamsAppConfig.from(SettingsResolver.resolve(flags, env, null)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).contains("bootstrap.servers").contains("missing"))
                    .anySatisfy(
                        p -> assertThat(p).contains("model.dir").contains("MNASNET_MODEL_DIR"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("batch.size=abc")
                                .contains("environment MNASNET_BATCH_SIZE")
                                .contains("whole number"))
                    .anySatisfy(p -> assertThat(p).contains("top.k=0").contains("between 1"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("processing.guarantee")
                                .contains("at_least_once"))
                    .anySatisfy(p -> assertThat(p).contains("device=tpu").contains("cpu, gpu"))
                    .anySatisfy(p -> assertThat(p).contains("different topics")));
  }

  @Test
  void masksSecretsWhenDescribing() {
    ResolvedSettings settings =
        SettingsResolver.fromFlags(
            Map.of(
                "kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"u\" password=\"hunter2\";",
                "kafka.ssl.truststore.password",
                "hunter3",
                "kafka.security.protocol",
                "SASL_SSL"));

    String printed = settings.describe();

    assertThat(printed).doesNotContain("hunter2").doesNotContain("hunter3");
    assertThat(printed)
        .contains("kafka.sasl.jaas.config")
        .contains(SecretMasking.MASK)
        .contains("SASL_SSL")
        .contains("batch.size")
        .contains("(default)");
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, text);
    return file;
  }
}
