package io.mnasnet.streams.inference;

import io.mnasnet.streams.config.StreamsAppConfig.InferenceSettings;
import java.nio.file.Path;

/**
 * Loads SavedModel versions for the app, with the configured device and CPU thread settings.
 * PROVISIONAL: to be backed by the trainer's SavedModel loader.
 */
public final class SavedModelLoader implements ModelLoader {
  private final InferenceSettings settings;

  private SavedModelLoader(InferenceSettings settings) {
    this.settings = settings;
  }

  /** A loader using {@code settings}' device and thread counts. */
  public static SavedModelLoader forSettings(InferenceSettings settings) {
    return new SavedModelLoader(settings);
  }

  @Override
  public ImageClassifier load(Path directory, int version) {
    throw new ModelLoadException("SavedModel loading is not implemented yet: " + directory);
  }
}
