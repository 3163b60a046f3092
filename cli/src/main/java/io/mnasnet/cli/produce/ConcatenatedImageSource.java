package io.mnasnet.cli.produce;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Several sources one after the other, e.g. the folders and files given to {@code produce}. */
public final class ConcatenatedImageSource implements ImageSource {
  private final List<ImageSource> sources;
  private int current;

  public ConcatenatedImageSource(List<ImageSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** {@code sources} as one source (the source itself if there is only one). */
  public static ImageSource of(List<ImageSource> sources) {
    return sources.size() == 1 ? sources.get(0) : new ConcatenatedImageSource(sources);
  }

  @Override
  public String description() {
    return sources.stream().map(ImageSource::description).collect(Collectors.joining("; "));
  }

  @Override
  public OptionalInt size() {
    int total = 0;
    for (ImageSource source : sources) {
      OptionalInt size = source.size();
      if (size.isEmpty()) {
        return OptionalInt.empty();
      }
      total += size.getAsInt();
    }
    return OptionalInt.of(total);
  }

  @Override
  public boolean hasNext() {
    while (current < sources.size() && !sources.get(current).hasNext()) {
      current++;
    }
    return current < sources.size();
  }

  @Override
  public SourceEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return sources.get(current).next();
  }
}
