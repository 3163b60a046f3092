package io.mnasnet.inference.versions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model directory laid out as TensorFlow Serving expects: numbered versions {@code 1/}, {@code
 * 2/}, ... each holding a SavedModel ({@code saved_model.pb}); the highest complete number is
 * served. A directory that is itself a SavedModel is version 1. Everything else in it (names that
 * are not numbers, such as {@link VersionPublisher}'s {@code .promote-*} staging directories) is
 * ignored.
 *
 * <p>The one definition of a version for every reader and writer: the streaming app serves and
 * hot-reloads {@link #newest()}, {@code train --init-from} starts from it, and {@code promote}
 * compares against it and publishes {@link #nextVersion()} through {@link VersionPublisher}.
 *
 * <p>A version counts as complete once its {@code saved_model.pb} exists, so publish a new version
 * by writing it elsewhere and renaming the finished directory into place (atomic on one file
 * system), as {@link VersionPublisher} does; a half-copied directory may fail to load, in which
 * case the current version stays.
 */
public final class ModelDirectory {
  /** The file that makes a directory a SavedModel. */
  public static final String SAVED_MODEL_FILE = "saved_model.pb";

  /** Names of version directories: a positive decimal number. */
  private static final Pattern VERSION_NAME = Pattern.compile("[0-9]{1,9}");

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
              .filter(ModelDirectory::isVersionDirectory)
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
    return isSavedModel(root) ? Optional.of(new Version(1, root)) : Optional.empty();
  }

  /**
   * The number a new version gets: one above every numbered directory, complete or not (a directory
   * being copied by hand must not be overwritten), and at least 2 when the root itself is the
   * SavedModel of version 1.
   *
   * @throws UncheckedIOException when the root cannot be listed
   */
  public int nextVersion() {
    OptionalInt highest = OptionalInt.empty();
    if (Files.isDirectory(root)) {
      try (Stream<Path> children = Files.list(root)) {
        highest =
            children
                .filter(ModelDirectory::isVersionDirectory)
                .mapToInt(dir -> Integer.parseInt(dir.getFileName().toString()))
                .max();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list model directory " + root, e);
      }
    }
    int floor = isSavedModel(root) ? 1 : 0;
    return Math.max(highest.orElse(0), floor) + 1;
  }

  /** The sentence saying what {@link #root()} should hold, for errors when it holds no model. */
  public String expectedLayout() {
    return "no model in "
        + root
        + ": expected a SavedModel ("
        + SAVED_MODEL_FILE
        + ") there, or numbered version directories 1/, 2/, ... each holding one";
  }

  /** Whether {@code dir} is a SavedModel directory. */
  public static boolean isSavedModel(Path dir) {
    return Files.isRegularFile(dir.resolve(SAVED_MODEL_FILE));
  }

  private static boolean isVersionDirectory(Path dir) {
    return Files.isDirectory(dir) && VERSION_NAME.matcher(dir.getFileName().toString()).matches();
  }
}
