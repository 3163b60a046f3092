package io.mnasnet.cli.produce;

import io.mnasnet.schemas.ImageEventFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code produce} run did: images acknowledged by the brokers, inputs skipped (with names
 * and reasons), sends that failed (by reason), bytes and throughput.
 *
 * @param topic where the images went
 * @param format their record format
 * @param sent images the brokers acknowledged
 * @param bytes serialized value bytes of the acknowledged images
 * @param elapsedNanos from the first send to the last acknowledgement
 * @param skipped inputs that were not images, in order
 * @param failures failed sends, count by reason
 * @param stopped whether the run was interrupted before the source ended
 */
public record ProduceSummary(
    String topic,
    ImageEventFormat format,
    long sent,
    long bytes,
    long elapsedNanos,
    List<SkippedInput> skipped,
    Map<String, Long> failures,
    boolean stopped) {
  /** How many skipped inputs the text names before it only counts. */
  static final int MAX_SKIPPED_LISTED = 20;

  public ProduceSummary {
    skipped = List.copyOf(skipped);
    failures = Map.copyOf(failures);
  }

  /** Sends the brokers did not acknowledge. */
  public long failed() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }

  public double imagesPerSecond() {
    return elapsedNanos > 0 ? sent * 1e9 / elapsedNanos : 0;
  }

  /** The summary for people, one fact per line. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    double seconds = elapsedNanos / 1e9;
    lines.add(
        String.format(
            Locale.ROOT,
            "Sent %d image%s to '%s' (%s) in %.2f s: %.1f images/s, %,d bytes (%.2f MB/s)%s",
            sent,
            sent == 1 ? "" : "s",
            topic,
            format.name().toLowerCase(Locale.ROOT),
            seconds,
            imagesPerSecond(),
            bytes,
            seconds > 0 ? bytes / seconds / 1e6 : 0,
            stopped ? " (stopped early)" : ""));
    if (!skipped.isEmpty()) {
      lines.add("Skipped " + skipped.size() + " input" + (skipped.size() == 1 ? "" : "s") + ":");
      skipped.stream()
          .limit(MAX_SKIPPED_LISTED)
          .forEach(input -> lines.add("  " + input.name() + ": " + input.reason()));
      if (skipped.size() > MAX_SKIPPED_LISTED) {
        lines.add("  ... and " + (skipped.size() - MAX_SKIPPED_LISTED) + " more");
      }
    }
    if (!failures.isEmpty()) {
      lines.add("Failed to send " + failed() + " image" + (failed() == 1 ? "" : "s") + ":");
      failures.forEach((reason, count) -> lines.add("  " + count + " x " + reason));
    }
    return lines;
  }
}
