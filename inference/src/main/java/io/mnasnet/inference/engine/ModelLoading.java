package io.mnasnet.inference.engine;

import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.onnxruntime.OnnxRuntimeClassifier;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a model version into the engine {@link EngineSelection} picks: the one place that knows
 * each engine's loader, so nothing above it branches on the engine.
 *
 * <p>Every engine receives the {@link ImageSizeLimit} with its load call and applies it in {@link
 * LoadedModel#classifyEncoded} before decoding anything (header through {@link
 * io.mnasnet.inference.image.ImageHeaderReader}, pixels in Java through {@link
 * io.mnasnet.inference.image.ImageEncoding#decode}): the streaming app passes the one it builds
 * from {@code max.image.pixels}, so what its validation lets through, the engine decodes.
 */
public final class ModelLoading {

  private ModelLoading() {}

  /**
   * A loaded model and why its engine was chosen.
   *
   * @param model the loaded model; the caller closes it
   * @param selection the engine and the reason, for the caller's log
   * @param fallback whether {@code auto}'s first choice, ONNX Runtime, refused the version (the
   *     caller logs it as a warning: the reason says what to fix)
   */
  public record Loaded(LoadedModel model, EngineSelection selection, boolean fallback) {

    /** A model loaded with the engine first chosen. */
    public Loaded(LoadedModel model, EngineSelection selection) {
      this(model, selection, false);
    }
  }

  /**
   * Loads the version in {@code dir} with the engine {@code choice} resolves to on {@code runtime},
   * decoding images up to {@code sizeLimit}. With {@link EngineChoice#AUTO}, a {@code model.onnx}
   * ONNX Runtime refuses (damaged, or disagreeing with {@code mnasnet.json}) falls back to
   * TensorFlow, the reason naming the file and the export command; an explicit {@code onnxruntime}
   * fails instead.
   *
   * @throws IOException naming the file that is missing, unreadable or inconsistent, and the fix
   */
  public static Loaded load(
      Path dir, EngineChoice choice, ResolvedRuntime runtime, ImageSizeLimit sizeLimit)
      throws IOException {
    EngineSelection selection = EngineSelection.select(choice, dir, runtime);
    try {
      return new Loaded(load(dir, selection.engine(), runtime, sizeLimit), selection);
    } catch (IOException e) {
      if (choice != EngineChoice.AUTO || selection.engine() != Engine.ONNX_RUNTIME) {
        throw e;
      }
      // auto asked for the best engine the version can run on, not for this one: a model.onnx
      // that is damaged or disagrees with mnasnet.json must not stop a version whose SavedModel
      // serves (nor send a container into a crash loop). The reason says what to fix.
      EngineSelection fallback =
          new EngineSelection(
              Engine.TENSORFLOW,
              "auto: " + e.getMessage() + " TensorFlow serves the SavedModel meanwhile");
      return new Loaded(load(dir, Engine.TENSORFLOW, runtime, sizeLimit), fallback, true);
    }
  }

  /**
   * Loads the version in {@code dir} with {@code engine}, decoding images up to {@code sizeLimit}.
   */
  public static LoadedModel load(
      Path dir, Engine engine, ResolvedRuntime runtime, ImageSizeLimit sizeLimit)
      throws IOException {
    return switch (engine) {
      case TENSORFLOW -> SavedModelClassifier.load(dir, runtime, sizeLimit);
      case ONNX_RUNTIME -> OnnxRuntimeClassifier.load(dir, runtime, sizeLimit);
    };
  }
}
