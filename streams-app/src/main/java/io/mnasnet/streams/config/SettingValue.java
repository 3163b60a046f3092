package io.mnasnet.streams.config;

/**
 * The value of one setting and where it came from.
 *
 * @param key the setting's key, e.g. {@code batch.size} or {@code kafka.security.protocol}
 * @param value the value as written
 * @param source where it was read, e.g. {@code default}, {@code file app.properties}, {@code
 *     environment MNASNET_BATCH_SIZE}, {@code command line}
 */
public record SettingValue(String key, String value, String source) {
  /** {@code key=value (source)} for error messages; secrets are masked. */
  public String describe() {
    return key + "=" + SecretMasking.mask(key, value) + " (from " + source + ")";
  }

  /** As {@link #describe()}: a record's own {@code toString} would show a secret in clear. */
  @Override
  public String toString() {
    return "SettingValue[" + describe() + "]";
  }
}
