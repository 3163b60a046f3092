package io.mnasnet.cli.kafka;

import io.mnasnet.streams.config.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The picocli mixin every command that talks to Kafka shares: {@code --bootstrap-servers}, {@code
 * --config FILE} and {@code -X key=value} (also spelled {@code --kafka key=value}, as {@code run}
 * spells it), so that any Kafka client setting (SASL, SSL, timeouts, client ids) works without a
 * dedicated option.
 *
 * <p>Precedence, lowest to highest: the command's own defaults (e.g. {@code acks=all}), then {@code
 * bootstrap.servers=localhost:9092}, then the {@code --config} file, then the environment, spelled
 * as {@code run} reads it ({@code MNASNET_BOOTSTRAP_SERVERS}, and {@code MNASNET_KAFKA_<KEY>} for
 * any client setting, e.g. {@code MNASNET_KAFKA_SASL_JAAS_CONFIG}: a secret kept off the command
 * line), then {@code --bootstrap-servers} when given explicitly, then {@code -X} (later {@code -X}
 * of the same key win). Use it in a command with
 *
 * <pre>{@code
 * @Mixin KafkaClientOptions kafka;
 * ...
 * KafkaClientSettings settings = kafka.settings();
 * Map<String, Object> producerConfig = settings.withDefaults(Map.of("acks", "all"));
 * }</pre>
 */
public final class KafkaClientOptions {
  /** Where the clients connect when nothing else says. */
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

  /** Help text shared by the commands' footers. */
  public static final String PRECEDENCE_HELP =
      "Kafka client settings, lowest to highest precedence: the command's defaults,"
          + " bootstrap.servers="
          + DEFAULT_BOOTSTRAP_SERVERS
          + ", --config FILE, the environment (MNASNET_BOOTSTRAP_SERVERS, MNASNET_KAFKA_<KEY> such"
          + " as MNASNET_KAFKA_SASL_JAAS_CONFIG), --bootstrap-servers, -X key=value (or --kafka"
          + " key=value).";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka brokers to connect to (default: "
              + DEFAULT_BOOTSTRAP_SERVERS
              + "). Beats bootstrap.servers of --config; -X bootstrap.servers beats it.")
  private String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A Java properties file of Kafka client settings (e.g. security.protocol,"
              + " sasl.jaas.config, ssl.truststore.location). Beats the command's defaults.")
  private Path configFile;

  @Option(
      names = {"-X", "--kafka"},
      paramLabel = "KEY=VALUE",
      mapFallbackValue = "",
      description =
          "A Kafka client setting, e.g. -X security.protocol=SASL_SSL; repeatable; --kafka is"
              + " the same option (run spells it so). Beats --config and --bootstrap-servers.")
  private Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * The settings given on the command line, merged by precedence.
   *
   * @throws ParameterException when the {@code --config} file is missing or unreadable, or a {@code
   *     -X} has no value
   */
  public KafkaClientSettings settings() {
    return settings(System.getenv());
  }

  /** The settings, with {@code environment} in place of the process environment. */
  public KafkaClientSettings settings(Map<String, String> environment) {
    Map<String, Object> merged = new LinkedHashMap<>();
    merged.put(KafkaClientSettings.BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
    if (configFile != null) {
      merged.putAll(readConfigFile(configFile));
    }
    merged.putAll(fromEnvironment(environment));
    if (bootstrapServers != null) {
      merged.put(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    overrides.forEach(
        (key, value) -> {
          if (value.isEmpty()) {
            throw usageError("-X (--kafka) " + key + " needs a value: write -X " + key + "=VALUE");
          }
          merged.put(key, value);
        });
    return new KafkaClientSettings(merged);
  }

  /**
   * Whether the user named the brokers ({@code --bootstrap-servers}, {@code -X bootstrap.servers}
   * or {@code bootstrap.servers} in the {@code --config} file) rather than leaving the default; the
   * demo starts its own broker when they did not.
   */
  public boolean brokersGiven() {
    return bootstrapServers != null
        || fromEnvironment(System.getenv()).containsKey(KafkaClientSettings.BOOTSTRAP_SERVERS)
        || overrides.containsKey(KafkaClientSettings.BOOTSTRAP_SERVERS)
        || (configFile != null
            && readConfigFile(configFile).containsKey(KafkaClientSettings.BOOTSTRAP_SERVERS));
  }

  /**
   * The client settings of {@code environment}: {@code MNASNET_BOOTSTRAP_SERVERS}, and {@code
   * MNASNET_KAFKA_<KEY>} as {@code key} in lower case with {@code _} read as {@code .} (the names
   * {@code run} reads).
   */
  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    String prefix = Setting.envName(Setting.KAFKA_PREFIX);
    Map<String, String> values = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.equals(Setting.BOOTSTRAP_SERVERS.envName())) {
            values.put(KafkaClientSettings.BOOTSTRAP_SERVERS, value.trim());
          } else if (name.startsWith(prefix) && name.length() > prefix.length()) {
            values.put(
                name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value.trim());
          }
        });
    return values;
  }

  private Map<String, String> readConfigFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw usageError("--config " + file + ": no such file");
    } catch (IOException | IllegalArgumentException e) {
      throw usageError(
          "--config " + file + ": cannot read it as a properties file: " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, properties.getProperty(key).trim());
    }
    return values;
  }

  private ParameterException usageError(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }
}
