package io.mnasnet.streams.inference;

import java.util.Locale;

/** Where inference runs, as chosen with {@code --device}. */
public enum Device {
  /** The CPU, even when a GPU is present. */
  CPU,
  /** A GPU; starting fails when TensorFlow sees none. */
  GPU,
  /** A GPU when TensorFlow sees one, else the CPU. */
  AUTO;

  /** Parses {@code cpu}, {@code gpu} or {@code auto} (case-insensitive). */
  public static Device parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be cpu, gpu or auto");
    }
  }
}
