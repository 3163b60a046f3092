package io.mnasnet.streams.config;

import java.util.List;
import java.util.Locale;

/**
 * Decides which setting values are secrets (passwords, JAAS configs with credentials, keys and
 * tokens) and masks them before they are printed or logged.
 */
public final class SecretMasking {
  /** Shown instead of a secret value. */
  public static final String MASK = "********";

  // Kafka's secret settings: sasl.jaas.config, ssl.*.password, ssl.keystore.key,
  // sasl.oauthbearer.client.credentials.client.secret, basic.auth.user.info, ...
  private static final List<String> SECRET_WORDS =
      List.of("password", "jaas", "secret", "token", "credential", "user.info", "keystore.key");

  private SecretMasking() {}

  /** Whether the value of {@code key} must not be shown. */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }

  /** {@code value}, or {@link #MASK} when {@code key} holds a secret. */
  public static String mask(String key, String value) {
    return value != null && isSecret(key) ? MASK : value;
  }
}
