package io.mnasnet.streams.inference;

import java.nio.file.Path;

/** Loads one model version from its directory (a SavedModel with its metadata file). */
@FunctionalInterface
public interface ModelLoader {
  /**
   * Loads the model in {@code directory} and serves it as {@code version}.
   *
   * @throws ModelLoadException saying which file is missing or unreadable
   */
  ImageClassifier load(Path directory, int version);
}
