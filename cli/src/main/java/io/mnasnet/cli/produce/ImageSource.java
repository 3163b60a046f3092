package io.mnasnet.cli.produce;

import java.util.Iterator;
import java.util.OptionalInt;

/**
 * Where {@code produce} gets its images: a folder, single files, or Fashion-MNIST. Yields images in
 * a stable order, and reports the inputs it cannot read as {@link SkippedInput}s instead of
 * failing, so one bad file does not stop a run. Reads lazily: one image in memory at a time.
 */
public interface ImageSource extends Iterator<SourceEntry> {
  /** What this source reads, for the summary, e.g. {@code folder photos/ (12 files)}. */
  String description();

  /** How many entries it will yield, when known in advance (for the progress bar). */
  OptionalInt size();
}
