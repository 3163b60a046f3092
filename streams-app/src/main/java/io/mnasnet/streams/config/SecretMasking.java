package io.mnasnet.streams.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Decides which setting values are secrets (passwords, JAAS configs with credentials, keys and
 * tokens) and masks them before they are printed or logged.
 *
 * <p>A key is a secret by type or by name. By type: Kafka's own configuration definitions (the
 * producer's, consumer's, admin client's and Kafka Streams') declare it a {@code PASSWORD}, so a
 * secret setting a new Kafka version adds (4.4's {@code
 * sasl.oauthbearer.assertion.private.key.passphrase}) is masked without a change here. By name: it
 * holds one of a few words ({@code password}, {@code jaas}, {@code secret}, ...), for keys no
 * definition knows (a login module's or a plug-in's own settings). The {@code kafka.} prefix of the
 * app's settings and Kafka Streams' client prefixes ({@code producer.}, {@code main.consumer.},
 * ...) are looked through.
 */
public final class SecretMasking {
  /** Shown instead of a secret value. */
  public static final String MASK = "********";

  // for keys that no ConfigDef declares: sasl.jaas.config is a PASSWORD, but a login callback's or
  // a serializer's own settings (basic.auth.user.info of a schema registry client) are not
  private static final List<String> SECRET_WORDS =
      List.of("password", "jaas", "secret", "token", "credential", "user.info", "keystore.key");

  // longest first, so that main.consumer. is taken off whole rather than as consumer.
  private static final List<String> CLIENT_PREFIXES =
      List.of(
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX);

  private static final Set<String> PASSWORD_KEYS =
      passwordKeys(
          List.of(
              ProducerConfig::configDef,
              ConsumerConfig::configDef,
              AdminClientConfig::configDef,
              StreamsConfig::configDef));

  private SecretMasking() {}

  /** Whether the value of {@code key} must not be shown. */
  public static boolean isSecret(String key) {
    String bare = withoutPrefixes(key);
    if (PASSWORD_KEYS.contains(bare)) {
      return true;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }

  /** {@code value}, or {@link #MASK} when {@code key} holds a secret. */
  public static String mask(String key, String value) {
    return value != null && isSecret(key) ? MASK : value;
  }

  /** {@code settings} in key order with secret values masked, for a {@code toString}. */
  public static String describe(Map<String, ?> settings) {
    Map<String, String> shown = new TreeMap<>();
    settings.forEach(
        (key, value) -> shown.put(key, mask(key, value == null ? null : value.toString())));
    return shown.toString();
  }

  /** The keys Kafka's definitions declare {@code PASSWORD}, e.g. {@code ssl.key.password}. */
  static Set<String> passwordKeys() {
    return Set.copyOf(PASSWORD_KEYS);
  }

  private static Set<String> passwordKeys(List<Supplier<ConfigDef>> definitions) {
    Set<String> keys = new HashSet<>();
    for (Supplier<ConfigDef> definition : definitions) {
      definition
          .get()
          .configKeys()
          .forEach(
              (name, configKey) -> {
                if (configKey.type == ConfigDef.Type.PASSWORD) {
                  keys.add(name);
                }
              });
    }
    return Set.copyOf(keys);
  }

  private static String withoutPrefixes(String key) {
    String bare = key;
    if (bare.startsWith(Setting.KAFKA_PREFIX)) {
      bare = bare.substring(Setting.KAFKA_PREFIX.length());
    }
    for (String prefix : CLIENT_PREFIXES) {
      if (bare.startsWith(prefix)) {
        return bare.substring(prefix.length());
      }
    }
    return bare;
  }
}
