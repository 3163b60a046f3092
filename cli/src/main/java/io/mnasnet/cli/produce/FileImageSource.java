package io.mnasnet.cli.produce;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * Image files named one by one (the positional arguments of {@code produce}). Each event's id is
 * the file name (e.g. {@code boot.png}); a missing or unreadable file is skipped.
 */
public final class FileImageSource implements ImageSource {
  private final List<Path> files;
  private int next;

  public FileImageSource(List<Path> files) {
    this.files = List.copyOf(files);
  }

  @Override
  public String description() {
    return files.size() == 1 ? "file " + files.get(0) : files.size() + " files";
  }

  @Override
  public OptionalInt size() {
    return OptionalInt.of(files.size());
  }

  @Override
  public boolean hasNext() {
    return next < files.size();
  }

  @Override
  public SourceEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Path file = files.get(next++);
    Path fileName = file.getFileName();
    String id = fileName == null ? file.toString() : fileName.toString();
    return ImageFileReader.read(file, id, file.toString());
  }
}
