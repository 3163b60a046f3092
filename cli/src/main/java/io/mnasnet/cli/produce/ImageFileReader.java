package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.UnreadableImageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads one image file into a {@link SourceImage}, or explains why it is skipped. */
final class ImageFileReader {
  /** The {@code source} field of events read from files. */
  static final String SOURCE = "file";

  private ImageFileReader() {}

  static SourceEntry read(Path file, String id, String name) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new SkippedInput(name, "no such file");
    } catch (AccessDeniedException e) {
      return new SkippedInput(name, "permission denied");
    } catch (IOException e) {
      return new SkippedInput(name, "cannot read: " + e.getMessage());
    }
    try {
      String contentType = ImageFileCheck.contentTypeOf(bytes);
      return new SourceImage(id, name, contentType, bytes, SOURCE, Map.of());
    } catch (UnreadableImageException e) {
      return new SkippedInput(name, e.getMessage());
    }
  }
}
