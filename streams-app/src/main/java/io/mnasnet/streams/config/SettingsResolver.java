package io.mnasnet.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Layers the sources of settings. Precedence, highest first: <b>command-line flags &gt; environment
 * variables &gt; properties file &gt; defaults</b>.
 *
 * <ul>
 *   <li>File: a {@code .properties} file with the keys of {@link Setting} and {@code kafka.*}
 *       client settings; any other key is an error (a typo would otherwise be ignored silently).
 *   <li>Environment: {@code MNASNET_<KEY>} ({@code MNASNET_BATCH_SIZE}) and {@code
 *       MNASNET_KAFKA_<CLIENT_KEY>} ({@code MNASNET_KAFKA_SASL_JAAS_CONFIG} is {@code
 *       kafka.sasl.jaas.config}). Other {@code MNASNET_*} variables belong to the launcher and are
 *       ignored.
 *   <li>Flags: already keyed by setting key by the command ({@code RunCommand}).
 * </ul>
 */
public final class SettingsResolver {
  private SettingsResolver() {}

  /**
   * Resolves settings.
   *
   * @param flags values given on the command line, by setting key ({@code kafka.*} included)
   * @param environment the process environment (pass {@code System.getenv()})
   * @param file properties file, or {@code null} for none
   * @throws InvalidConfigException naming the file and key on an unknown key or unreadable file
   */
  public static ResolvedSettings resolve(
      Map<String, String> flags, Map<String, String> environment, Path file) {
    Map<String, SettingValue> values = new LinkedHashMap<>();
    for (Setting setting : Setting.values()) {
      setting
          .defaultValue()
          .ifPresent(v -> values.put(setting.key(), new SettingValue(setting.key(), v, "default")));
    }
    if (file != null) {
      readFile(file).forEach((key, value) -> values.put(key, value));
    }
    fromEnvironment(environment).forEach(values::put);
    flags.forEach(
        (key, value) -> {
          requireKnown(key, "the command line");
          values.put(key, new SettingValue(key, value, "command line"));
        });
    return new ResolvedSettings(values);
  }

  /** Only defaults and the given flags: for programmatic use and tests. */
  public static ResolvedSettings fromFlags(Map<String, String> flags) {
    return resolve(flags, Map.of(), null);
  }

  private static Map<String, SettingValue> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          "config file " + file + " does not exist (given with --config)");
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    String source = "file " + file;
    List<String> problems = new ArrayList<>();
    Map<String, SettingValue> values = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames().stream().sorted().toList()) {
      try {
        requireKnown(key, source);
        values.put(key, new SettingValue(key, properties.getProperty(key).trim(), source));
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return values;
  }

  private static Map<String, SettingValue> fromEnvironment(Map<String, String> environment) {
    Map<String, SettingValue> values = new LinkedHashMap<>();
    String kafkaEnvPrefix = Setting.envName(Setting.KAFKA_PREFIX);
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      String name = entry.getKey();
      String key = null;
      for (Setting setting : Setting.values()) {
        if (setting.envName().equals(name)) {
          key = setting.key();
        }
      }
      if (key == null
          && name.startsWith(kafkaEnvPrefix)
          && name.length() > kafkaEnvPrefix.length()) {
        key =
            Setting.KAFKA_PREFIX
                + name.substring(kafkaEnvPrefix.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '.');
      }
      if (key != null) {
        values.put(key, new SettingValue(key, entry.getValue().trim(), "environment " + name));
      }
    }
    return values;
  }

  private static void requireKnown(String key, String source) {
    if (key.startsWith(Setting.KAFKA_PREFIX) && key.length() > Setting.KAFKA_PREFIX.length()) {
      return;
    }
    if (Setting.forKey(key).isEmpty()) {
      String known =
          Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));
      throw new InvalidConfigException(
          "unknown setting '"
              + key
              + "' in "
              + source
              + "; known settings: "
              + known
              + ", and kafka.<client setting> for Kafka client settings");
    }
  }
}
