package io.mnasnet.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Argument checks shared by the records' compact constructors; every message names the field. */
final class Checks {
  private Checks() {}

  static String nonEmpty(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must not be empty");
    }
    return value;
  }

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return value;
  }

  static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new IllegalArgumentException("'" + field + "' must be >= " + min + ", got " + value);
    }
    return value;
  }

  static <T> List<T> nonEmptyList(List<T> values, String field) {
    required(values, field);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must not be empty");
    }
    for (int i = 0; i < values.size(); i++) {
      required(values.get(i), field + "[" + i + "]");
    }
    return List.copyOf(values);
  }

  /** An unmodifiable copy that keeps the insertion order (so serialized bytes are stable). */
  static Map<String, String> stringMap(Map<String, String> map, String field) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach(
        (key, value) -> {
          nonEmpty(key, field + " key");
          required(value, field + "." + key);
          copy.put(key, value);
        });
    return Collections.unmodifiableMap(copy);
  }
}
