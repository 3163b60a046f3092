package io.mnasnet.inference.engine;

import io.mnasnet.inference.onnxruntime.OnnxRuntimeClassifier;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a model version into the engine {@link EngineSelection} picks: the one place that knows
 * each engine's loader, so nothing above it branches on the engine.
 */
public final class ModelLoading {

  private ModelLoading() {}

  /**
   * A loaded model and why its engine was chosen.
   *
   * @param model the loaded model; the caller closes it
   * @param selection the engine and the reason, for the caller's log
   */
  public record Loaded(LoadedModel model, EngineSelection selection) {}

  /**
   * Loads the version in {@code dir} with the engine {@code choice} resolves to on {@code runtime}.
   *
   * @throws IOException naming the file that is missing, unreadable or inconsistent, and the fix
   */
  public static Loaded load(Path dir, EngineChoice choice, ResolvedRuntime runtime)
      throws IOException {
    EngineSelection selection = EngineSelection.select(choice, dir, runtime);
    return new Loaded(load(dir, selection.engine(), runtime), selection);
  }

  /** Loads the version in {@code dir} with {@code engine}. */
  public static LoadedModel load(Path dir, Engine engine, ResolvedRuntime runtime)
      throws IOException {
    return switch (engine) {
      case TENSORFLOW -> SavedModelClassifier.load(dir, runtime);
      case ONNX_RUNTIME -> OnnxRuntimeClassifier.load(dir, runtime);
    };
  }
}
