package io.mnasnet.cli.produce;

import io.mnasnet.schemas.ImageEvent;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code .png}, {@code .jpg} and {@code .jpeg} files (any case) of a folder and its subfolders,
 * in path order. Each event's id is the file's path relative to the folder with {@code /}
 * separators (e.g. {@code boots/0001.png}). Files with other extensions are ignored and counted;
 * files that cannot be read, or whose bytes are not a PNG/JPEG image, are skipped with a reason.
 * The folder is listed when the source is created; files are read one at a time.
 */
public final class FolderImageSource implements ImageSource {
  /** File name extensions taken as images (lower case, without the dot). */
  public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg");

  private final Path folder;
  private final boolean labelFromFolder;
  private final List<Path> images = new ArrayList<>();
  private final Deque<SkippedInput> unlistable = new ArrayDeque<>();
  private final int ignoredFiles;
  private final int size;
  private int next;

  private FolderImageSource(Path folder, boolean labelFromFolder) throws IOException {
    this.folder = folder;
    this.labelFromFolder = labelFromFolder;
    int[] ignored = {0};
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && hasImageExtension(file)) {
              images.add(file);
            } else {
              ignored[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // an unreadable subfolder must not end the walk
            unlistable.add(new SkippedInput(file.toString(), "cannot list: " + e.getMessage()));
            return FileVisitResult.CONTINUE;
          }
        });
    images.sort(null);
    this.ignoredFiles = ignored[0];
    this.size = images.size() + unlistable.size();
  }

  /**
   * Lists {@code folder}.
   *
   * @throws NotDirectoryException if it is not a folder
   * @throws IOException if it cannot be listed
   */
  public static FolderImageSource of(Path folder) throws IOException {
    return of(folder, false);
  }

  /**
   * Lists {@code folder}; with {@code labelFromFolder}, each image's label ({@code attr.label}) is
   * the name of the folder it is in (a class folder tree: {@code <class>/*.jpg}); images directly
   * in {@code folder} have none.
   */
  public static FolderImageSource of(Path folder, boolean labelFromFolder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new NotDirectoryException(folder.toString());
    }
    return new FolderImageSource(folder, labelFromFolder);
  }

  /** Files skipped because of their extension (not png/jpg/jpeg). */
  public int ignoredFiles() {
    return ignoredFiles;
  }

  @Override
  public String description() {
    return "folder %s (%d image files%s)"
        .formatted(
            folder,
            images.size(),
            ignoredFiles == 0 ? "" : ", %d other files ignored".formatted(ignoredFiles));
  }

  @Override
  public OptionalInt size() {
    return OptionalInt.of(size);
  }

  @Override
  public boolean hasNext() {
    return !unlistable.isEmpty() || next < images.size();
  }

  @Override
  public SourceEntry next() {
    if (!unlistable.isEmpty()) {
      return unlistable.poll();
    }
    if (next >= images.size()) {
      throw new NoSuchElementException();
    }
    Path file = images.get(next++);
    String id =
        folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    SourceEntry entry = ImageFileReader.read(file, id, file.toString());
    Path parent = file.getParent();
    if (labelFromFolder && entry instanceof SourceImage image && !parent.equals(folder)) {
      return new SourceImage(
          image.id(),
          image.name(),
          image.contentType(),
          image.data(),
          image.source(),
          Map.of(ImageEvent.LABEL_ATTRIBUTE, parent.getFileName().toString()));
    }
    return entry;
  }

  private static boolean hasImageExtension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
