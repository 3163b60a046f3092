package io.mnasnet.trainer.runlog;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display for an epoch: bar, steps done, percentage, loss, images per second
 * and ETA, e.g.
 *
 * <pre>epoch 3/30 [#########...........] 210/468  44.9% loss 0.5123  1,830 img/s  ETA 0:42</pre>
 *
 * <p>On a terminal the line is redrawn in place with a carriage return (at most every {@value
 * #INTERACTIVE_REFRESH_MILLIS} ms); when the output is a file or a CI log it prints a plain line
 * every {@code plainLineInterval} instead, so logs stay readable. Not thread-safe: one training
 * loop drives it.
 */
public final class ProgressBar {

  /** Minimum time between two redraws on a terminal. */
  public static final long INTERACTIVE_REFRESH_MILLIS = 200;

  /** Default time between two plain lines when not on a terminal. */
  public static final Duration DEFAULT_PLAIN_LINE_INTERVAL = Duration.ofSeconds(30);

  private static final int BAR_WIDTH = 20;

  private final PrintStream out;
  private final boolean interactive;
  private final String label;
  private final long totalSteps;
  private final LongSupplier nanoClock;
  private final long minNanosBetweenLines;
  private final long startNanos;
  private long lastPrintNanos = Long.MIN_VALUE;
  private int lastLineLength;

  /**
   * @param out where to print
   * @param interactive {@code true} to redraw one line in place (a terminal)
   * @param label text before the bar, e.g. {@code "epoch 3/30"}
   * @param totalSteps steps in the epoch, >= 1
   * @param nanoClock monotonic clock ({@code System::nanoTime}); injectable for tests
   * @param plainLineInterval time between plain lines when not interactive
   */
  public ProgressBar(
      PrintStream out,
      boolean interactive,
      String label,
      long totalSteps,
      LongSupplier nanoClock,
      Duration plainLineInterval) {
    if (totalSteps < 1) {
      throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
    }
    this.out = out;
    this.interactive = interactive;
    this.label = label;
    this.totalSteps = totalSteps;
    this.nanoClock = nanoClock;
    this.minNanosBetweenLines =
        interactive
            ? Duration.ofMillis(INTERACTIVE_REFRESH_MILLIS).toNanos()
            : plainLineInterval.toNanos();
    this.startNanos = nanoClock.getAsLong();
  }

  /** A bar on standard output that redraws in place when a console is attached. */
  public static ProgressBar onConsole(String label, long totalSteps) {
    return new ProgressBar(
        System.out,
        System.console() != null,
        label,
        totalSteps,
        System::nanoTime,
        DEFAULT_PLAIN_LINE_INTERVAL);
  }

  /**
   * Reports progress; prints only if the refresh interval has passed (or at the last step).
   *
   * @param stepsDone steps completed in this epoch, 1..totalSteps
   * @param loss current (smoothed) training loss
   * @param imagesPerSecond current throughput
   */
  public void update(long stepsDone, double loss, double imagesPerSecond) {
    long now = nanoClock.getAsLong();
    boolean last = stepsDone >= totalSteps;
    if (!last && lastPrintNanos != Long.MIN_VALUE && now - lastPrintNanos < minNanosBetweenLines) {
      return;
    }
    lastPrintNanos = now;
    String line = render(stepsDone, loss, imagesPerSecond, now - startNanos);
    if (interactive) {
      // pad with spaces to erase the tail of a longer previous line
      int padding = Math.max(0, lastLineLength - line.length());
      out.print("\r" + line + " ".repeat(padding));
      lastLineLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the in-place line (on a terminal) and prints {@code summary} on its own line. */
  public void finish(String summary) {
    if (interactive && lastLineLength > 0) {
      out.println();
    }
    out.println(summary);
    out.flush();
  }

  String render(long stepsDone, double loss, double imagesPerSecond, long elapsedNanos) {
    long done = Math.max(0, Math.min(stepsDone, totalSteps));
    double fraction = done / (double) totalSteps;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String eta =
        done == 0
            ? "?"
            : formatDuration(
                Duration.ofNanos((long) (elapsedNanos / (double) done * (totalSteps - done))));
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d %5.1f%% loss %.4f  %,.0f img/s  %s %s",
        label,
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        done,
        totalSteps,
        100 * fraction,
        loss,
        imagesPerSecond,
        done >= totalSteps ? "took" : "ETA",
        done >= totalSteps ? formatDuration(Duration.ofNanos(elapsedNanos)) : eta);
  }

  static String formatDuration(Duration duration) {
    long seconds = duration.toSeconds();
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }
}
