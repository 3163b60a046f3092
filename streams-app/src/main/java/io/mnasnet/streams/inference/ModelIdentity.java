package io.mnasnet.streams.inference;

import java.util.List;

/**
 * Which model classified an image and what its classes are called.
 *
 * @param name model name from its metadata, e.g. {@code mnasnet0_5-fashion-mnist}
 * @param version served version: the number of its directory, 1 for a plain SavedModel directory
 * @param labels class labels, index = class id
 */
public record ModelIdentity(String name, int version, List<String> labels) {
  public ModelIdentity {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name is required");
    }
    if (version < 1) {
      throw new IllegalArgumentException("model version must be >= 1, got " + version);
    }
    labels = List.copyOf(labels);
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("model " + name + " has no class labels");
    }
  }

  @Override
  public String toString() {
    return name + " v" + version;
  }
}
