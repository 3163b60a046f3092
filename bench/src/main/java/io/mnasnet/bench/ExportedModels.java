package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark models exported once per run into a scratch directory and shared by the suites
 * (export takes seconds, and every suite serves the same files).
 */
final class ExportedModels {

  private final Path parent;
  private final Map<BenchModel, Path> dirs = new LinkedHashMap<>();

  ExportedModels(Path parent) {
    this.parent = parent;
  }

  /** The directory of {@code model}, exported on first use. */
  synchronized Path dir(BenchModel model) throws IOException {
    Path dir = dirs.get(model);
    if (dir == null) {
      dir = model.export(parent);
      dirs.put(model, dir);
    }
    return dir;
  }
}
