package io.mnasnet.inference.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the user asked for with {@code --engine} (or {@code inference.engine}, {@code
 * MNASNET_INFERENCE_ENGINE}): one engine, or {@link #AUTO}, decided per model version by {@link
 * EngineSelection#select}.
 */
public enum EngineChoice {
  /** ONNX Runtime on a CPU when the version has {@code model.onnx}; TensorFlow otherwise. */
  AUTO("auto"),
  TENSORFLOW("tensorflow"),
  ONNXRUNTIME("onnxruntime");

  private final String id;

  EngineChoice(String id) {
    this.id = id;
  }

  /** The spelling users write. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code auto}, {@code tensorflow} or {@code onnxruntime} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static EngineChoice parse(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (EngineChoice choice : values()) {
      if (choice.id.equals(wanted)) {
        return choice;
      }
    }
    throw new IllegalArgumentException(
        "unknown engine '"
            + text
            + "': expected one of "
            + Arrays.stream(values()).map(EngineChoice::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
