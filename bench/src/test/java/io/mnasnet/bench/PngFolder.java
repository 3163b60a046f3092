package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A folder of the bench's 28x28 Fashion-MNIST-like PNGs, for the measuring commands' tests. */
final class PngFolder {

  private PngFolder() {}

  /** Writes {@code count} PNGs ({@code img0.png}, ...) into {@code dir}, created if missing. */
  static Path write(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    List<byte[]> pngs = BenchImages.of(BenchImages.Kind.PNG_28);
    for (int i = 0; i < count; i++) {
      Files.write(dir.resolve("img" + i + ".png"), pngs.get(i % pngs.size()));
    }
    return dir;
  }
}
