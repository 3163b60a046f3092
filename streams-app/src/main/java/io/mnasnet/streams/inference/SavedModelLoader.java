package io.mnasnet.streams.inference;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.streams.config.StreamsAppConfig.InferenceSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads model versions with {@link SavedModelClassifier} on the configured device, CPU threads and
 * GPU memory share. The runtime is resolved once, before the first load: TensorFlow fixes its
 * thread pools and GPU memory allocator with the first Session of the process, and {@code --device
 * gpu} must fail at start when there is no GPU. Thread-safe.
 */
public final class SavedModelLoader implements ModelLoader {
  private final RuntimeOptions options;
  private ResolvedRuntime runtime; // guarded by this

  private SavedModelLoader(RuntimeOptions options) {
    this.options = options;
  }

  /** A loader using the device, thread counts and GPU memory share of {@code settings}. */
  public static SavedModelLoader forSettings(InferenceSettings settings) {
    return new SavedModelLoader(settings.runtimeOptions());
  }

  @Override
  public ImageClassifier load(Path directory, int version) {
    try {
      return new SavedModelImageClassifier(
          SavedModelClassifier.load(directory, runtime()), version);
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
