package io.mnasnet.inference.engine;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which engine computes one model version, and why: decided once per version (at start and at each
 * hot reload), logged by the caller, never re-decided per batch.
 *
 * @param engine the engine chosen
 * @param reason one sentence for the log, e.g. {@code "auto: CPU and model.onnx present"}
 */
public record EngineSelection(Engine engine, String reason) {

  /** The file an exported ONNX model has in a version directory. */
  public static final String ONNX_FILE = "model.onnx";

  /**
   * The engine for the model version in {@code dir} on {@code runtime}: the user's choice when
   * explicit; for {@link EngineChoice#AUTO}, ONNX Runtime on a CPU when the version has {@value
   * #ONNX_FILE}, TensorFlow on a GPU or when it has not.
   */
  public static EngineSelection select(EngineChoice choice, Path dir, ResolvedRuntime runtime) {
    return switch (choice) {
      case TENSORFLOW -> new EngineSelection(Engine.TENSORFLOW, "--engine tensorflow");
      case ONNXRUNTIME -> new EngineSelection(Engine.ONNX_RUNTIME, "--engine onnxruntime");
      case AUTO -> {
        if (runtime.gpu()) {
          yield new EngineSelection(Engine.TENSORFLOW, "auto: a GPU serves through TensorFlow");
        }
        if (Files.isRegularFile(dir.resolve(ONNX_FILE))) {
          yield new EngineSelection(Engine.ONNX_RUNTIME, "auto: CPU and " + ONNX_FILE + " present");
        }
        yield new EngineSelection(
            Engine.TENSORFLOW, "auto: no " + ONNX_FILE + " in " + dir + ", TensorFlow serves");
      }
    };
  }
}
