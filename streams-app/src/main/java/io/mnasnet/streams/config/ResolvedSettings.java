package io.mnasnet.streams.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The settings after layering defaults, the properties file, the environment and command-line flags
 * (later layers win), each with its source. Built by {@link SettingsResolver}; turned into a typed
 * {@link StreamsAppConfig} by {@link StreamsAppConfig#from(ResolvedSettings)}.
 */
public final class ResolvedSettings {
  private final Map<String, SettingValue> values;

  ResolvedSettings(Map<String, SettingValue> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The value of {@code setting}, if any layer (or the default) set it. */
  public Optional<SettingValue> get(Setting setting) {
    return Optional.ofNullable(values.get(setting.key()));
  }

  /** Kafka client settings ({@code kafka.*}), keys without the prefix. */
  public Map<String, SettingValue> kafkaClientSettings() {
    Map<String, SettingValue> kafka = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(Setting.KAFKA_PREFIX)) {
            kafka.put(key.substring(Setting.KAFKA_PREFIX.length()), value);
          }
        });
    return kafka;
  }

  /** All values by key, in key order. */
  public Map<String, SettingValue> all() {
    return values;
  }

  /**
   * One line per setting, {@code key = value (source)}, secrets masked: what the app prints at
   * start.
   */
  public String describe() {
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    return values.values().stream()
        .map(
            v ->
                String.format(
                    "%-" + width + "s = %s   (%s)",
                    v.key(),
                    SecretMasking.mask(v.key(), v.value()),
                    v.source()))
        .collect(Collectors.joining("\n"));
  }
}
