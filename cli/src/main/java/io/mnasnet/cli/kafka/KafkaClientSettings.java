package io.mnasnet.cli.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Kafka client settings chosen by the user ({@link KafkaClientOptions}): the bootstrap servers and
 * any other client property, already merged by precedence. Immutable; every accessor returns a
 * fresh map the caller may change.
 */
public final class KafkaClientSettings {
  /** The one setting every client needs. */
  public static final String BOOTSTRAP_SERVERS = AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG;

  private final Map<String, Object> properties;

  /** Settings from a map that holds {@value #BOOTSTRAP_SERVERS}. */
  public KafkaClientSettings(Map<String, ?> properties) {
    Object bootstrap = properties.get(BOOTSTRAP_SERVERS);
    if (bootstrap == null || bootstrap.toString().isBlank()) {
      throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " must be set");
    }
    this.properties = Map.copyOf(properties);
  }

  /** Settings that only name the brokers, e.g. for an in-process cluster. */
  public static KafkaClientSettings of(String bootstrapServers) {
    return new KafkaClientSettings(Map.of(BOOTSTRAP_SERVERS, bootstrapServers));
  }

  public String bootstrapServers() {
    return properties.get(BOOTSTRAP_SERVERS).toString();
  }

  /** The user's settings. */
  public Map<String, Object> properties() {
    return new LinkedHashMap<>(properties);
  }

  /**
   * A client configuration: {@code commandDefaults} (e.g. {@code acks=all}, {@code
   * isolation.level=read_committed}) overridden by the user's settings.
   */
  public Map<String, Object> withDefaults(Map<String, ?> commandDefaults) {
    Map<String, Object> config = new LinkedHashMap<>(commandDefaults);
    config.putAll(properties);
    return config;
  }

  /**
   * The settings an {@code Admin} client understands (connection, security, timeouts), so that
   * producer- or consumer-only keys do not make it log "unknown configuration" warnings, with
   * {@code overrides} on top.
   */
  public Map<String, Object> forAdmin(Map<String, ?> overrides) {
    Set<String> known = AdminClientConfig.configNames();
    Map<String, Object> config = new LinkedHashMap<>();
    properties.forEach(
        (key, value) -> {
          if (known.contains(key)) {
            config.put(key, value);
          }
        });
    config.putAll(overrides);
    return config;
  }

  @Override
  public String toString() {
    // values may be secrets (sasl.jaas.config, passwords): show the keys only
    return "KafkaClientSettings[bootstrap.servers="
        + bootstrapServers()
        + ", keys="
        + properties.keySet()
        + "]";
  }
}
