package io.mnasnet.streams.inference;

import io.mnasnet.inference.engine.Engine;
import java.util.List;

/**
 * Which model classified an image, with which engine, and what its classes are called: what
 * predictions, metrics and the web view name.
 *
 * @param name model name from its metadata, e.g. {@code mnasnet0_5-fashion-mnist}
 * @param version served version: the number of its directory, 1 for a plain SavedModel directory
 * @param engine the engine computing this version (chosen once when it was loaded)
 * @param labels class labels, index = class id
 */
public record ModelIdentity(String name, int version, Engine engine, List<String> labels) {
  public ModelIdentity {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name is required");
    }
    if (version < 1) {
      throw new IllegalArgumentException("model version must be >= 1, got " + version);
    }
    if (engine == null) {
      throw new IllegalArgumentException("the engine of model " + name + " is required");
    }
    labels = List.copyOf(labels);
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("model " + name + " has no class labels");
    }
  }

  @Override
  public String toString() {
    return name + " v" + version + " (" + engine.id() + ")";
  }
}
