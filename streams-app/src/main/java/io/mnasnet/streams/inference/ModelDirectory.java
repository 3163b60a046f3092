package io.mnasnet.streams.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model directory laid out as TensorFlow Serving expects: numbered versions {@code 1/}, {@code
 * 2/}, ... each holding a SavedModel ({@code saved_model.pb}); the highest complete number is
 * served. A directory that is itself a SavedModel is version 1.
 *
 * <p>A version counts as complete once its {@code saved_model.pb} exists, so publish a new version
 * by writing it elsewhere and renaming the finished directory into place (atomic on one file
 * system); a half-copied directory may fail to load, in which case the current version stays.
 */
public final class ModelDirectory {
  /** The file that makes a directory a SavedModel. */
  public static final String SAVED_MODEL_FILE = "saved_model.pb";

  private final Path root;

  public ModelDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * One servable version.
   *
   * @param version its number
   * @param directory the SavedModel directory
   */
  public record Version(int version, Path directory) {}

  /**
   * The newest complete version, or empty when there is none (yet).
   *
   * @throws UncheckedIOException when the root cannot be listed
   */
  public Optional<Version> newest() {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    Optional<Version> numbered;
    try (Stream<Path> children = Files.list(root)) {
      numbered =
          children
              .filter(Files::isDirectory)
              .filter(dir -> dir.getFileName().toString().matches("[0-9]{1,9}"))
              .filter(dir -> Files.isRegularFile(dir.resolve(SAVED_MODEL_FILE)))
              .map(dir -> new Version(Integer.parseInt(dir.getFileName().toString()), dir))
              .filter(v -> v.version() >= 1)
              .max(Comparator.comparingInt(Version::version));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model directory " + root, e);
    }
    if (numbered.isPresent()) {
      return numbered;
    }
    return Files.isRegularFile(root.resolve(SAVED_MODEL_FILE))
        ? Optional.of(new Version(1, root))
        : Optional.empty();
  }

  /**
   * The newest version, for start-up.
   *
   * @throws ModelLoadException saying what the directory should contain
   */
  public Version requireNewest() {
    return newest()
        .orElseThrow(
            () ->
                new ModelLoadException(
                    "no model in "
                        + root
                        + ": expected a SavedModel ("
                        + SAVED_MODEL_FILE
                        + ") there, or numbered version directories 1/, 2/, ... each holding one"));
  }
}
