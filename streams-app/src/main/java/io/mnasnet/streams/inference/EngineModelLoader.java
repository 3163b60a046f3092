package io.mnasnet.streams.inference;

import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.InferenceSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads model versions into the engine the settings choose ({@code inference.engine}), on the
 * configured device, CPU threads and GPU memory share, with the app's image size limit ({@code
 * max.image.pixels}, the one its validation applies), and logs which engine serves each version and
 * why. The runtime is resolved once, before the first load: TensorFlow fixes its thread pools and
 * GPU memory allocator with the first Session of the process, and {@code --device gpu} must fail at
 * start when there is no GPU. Thread-safe.
 */
public final class EngineModelLoader implements ModelLoader {
  private static final Logger log = LoggerFactory.getLogger(EngineModelLoader.class);

  private final RuntimeOptions options;
  private final EngineChoice engine;
  private final ImageSizeLimit sizeLimit;
  private ResolvedRuntime runtime; // guarded by this

  private EngineModelLoader(RuntimeOptions options, EngineChoice engine, ImageSizeLimit sizeLimit) {
    this.options = options;
    this.engine = engine;
    this.sizeLimit = sizeLimit;
  }

  /**
   * A loader using the engine, device, thread counts and GPU memory share of {@code settings},
   * whose models decode images up to {@code sizeLimit}.
   */
  public static EngineModelLoader forSettings(
      InferenceSettings settings, ImageSizeLimit sizeLimit) {
    return new EngineModelLoader(settings.runtimeOptions(), settings.engine(), sizeLimit);
  }

  /** The loader of the app configured by {@code config}: its inference settings and size limit. */
  public static EngineModelLoader forConfig(StreamsAppConfig config) {
    return forSettings(config.inference(), config.limits().pixels());
  }

  @Override
  public ImageClassifier load(Path directory, int version) {
    try {
      ModelLoading.Loaded loaded = ModelLoading.load(directory, engine, runtime(), sizeLimit);
      if (loaded.fallback()) {
        log.warn(
            "Model version {} in {}: engine {} ({})",
            version,
            directory,
            loaded.selection().engine(),
            loaded.selection().reason());
      } else {
        log.info(
            "Model version {} in {}: engine {} ({})",
            version,
            directory,
            loaded.selection().engine(),
            loaded.selection().reason());
      }
      return new EngineImageClassifier(loaded.model(), version, sizeLimit);
    } catch (IOException e) {
      throw new ModelLoadException(
          "cannot load model version " + version + " from " + directory + ": " + e.getMessage(), e);
    }
  }

  private synchronized ResolvedRuntime runtime() {
    if (runtime == null) {
      try {
        runtime = options.resolve();
      } catch (IllegalStateException e) {
        throw new ModelLoadException(e.getMessage(), e);
      }
    }
    return runtime;
  }
}
