package io.mnasnet.trainer.runlog;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display: optional label, bar, count, percentage, optional loss, images per
 * second and ETA, e.g.
 *
 * <pre>epoch 3/30 [#########...........] 210/468  44.9% loss 0.5123  1,830 img/s  ETA 0:42</pre>
 *
 * <p>Without a known total (0) it shows the count and the rate only: {@code 450 images 31.2 img/s}.
 * Used by the training loop (steps of an epoch, with loss and throughput) and by {@code produce}
 * (images sent, rate measured by the bar itself).
 *
 * <p>{@link Display#IN_PLACE} redraws one line with a carriage return (a terminal; at most every
 * {@link #IN_PLACE_REFRESH}); {@link Display#PLAIN_LINES} prints a line every {@code
 * plainLineInterval} instead, so files and CI logs stay readable; {@link Display#NONE} prints
 * nothing. Not thread-safe: one loop drives it.
 */
public final class ProgressBar {

  /** How the bar shows itself. */
  public enum Display {
    /** Redraw one line in place: a terminal. */
    IN_PLACE,
    /** Print a plain line now and then: a file or a CI log. */
    PLAIN_LINES,
    /** Print nothing. */
    NONE
  }

  /** Minimum time between two redraws in place (ten a second are smooth and cheap). */
  public static final Duration IN_PLACE_REFRESH = Duration.ofMillis(100);

  /** Default time between two plain lines. */
  public static final Duration DEFAULT_PLAIN_LINE_INTERVAL = Duration.ofSeconds(30);

  private static final int BAR_WIDTH = 20;

  private final PrintWriter out;
  private final Display display;
  private final String prefix;
  private final long total;
  private final LongSupplier nanoClock;
  private final long minNanosBetweenLines;
  private final long startNanos;
  private long lastPrintNanos = Long.MIN_VALUE;
  private long lastPrintedDone = -1;
  private int lastLineLength;

  /**
   * @param out where to print
   * @param display in place, plain lines, or nothing
   * @param label text before the bar, e.g. {@code "epoch 3/30"}; empty for none
   * @param total the expected count, or 0 if unknown
   * @param nanoClock monotonic clock ({@code System::nanoTime}); injectable for tests
   * @param plainLineInterval time between plain lines (ignored unless {@link Display#PLAIN_LINES})
   */
  public ProgressBar(
      PrintWriter out,
      Display display,
      String label,
      long total,
      LongSupplier nanoClock,
      Duration plainLineInterval) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0 (0 = unknown), got " + total);
    }
    this.out = out;
    this.display = display;
    this.prefix = label.isEmpty() ? "" : label + " ";
    this.total = total;
    this.nanoClock = nanoClock;
    this.minNanosBetweenLines =
        display == Display.PLAIN_LINES ? plainLineInterval.toNanos() : IN_PLACE_REFRESH.toNanos();
    this.startNanos = nanoClock.getAsLong();
  }

  /**
   * A bar on standard output that redraws in place when a console is attached and prints a plain
   * line every {@link #DEFAULT_PLAIN_LINE_INTERVAL} otherwise.
   */
  public static ProgressBar onConsole(String label, long total) {
    return new ProgressBar(
        new PrintWriter(System.out),
        System.console() != null ? Display.IN_PLACE : Display.PLAIN_LINES,
        label,
        total,
        System::nanoTime,
        DEFAULT_PLAIN_LINE_INTERVAL);
  }

  /** A bar that prints nothing, for callers that show progress their own way. */
  public static ProgressBar none() {
    return new ProgressBar(
        new PrintWriter(PrintWriter.nullWriter()),
        Display.NONE,
        "",
        0,
        () -> 0,
        DEFAULT_PLAIN_LINE_INTERVAL);
  }

  /**
   * Reports {@code done} images, the rate being measured from the bar's creation; prints only if
   * the refresh interval has passed (or the total is reached).
   */
  public void update(long done) {
    long now = nanoClock.getAsLong();
    if (due(done, now)) {
      print(done, Double.NaN, measuredRate(done, now), now);
    }
  }

  /**
   * Reports progress with a loss and a throughput the caller measured; prints only if the refresh
   * interval has passed (or the total is reached).
   *
   * @param done steps done, 0..total
   * @param loss current (smoothed) training loss
   * @param imagesPerSecond current throughput
   */
  public void update(long done, double loss, double imagesPerSecond) {
    long now = nanoClock.getAsLong();
    if (due(done, now)) {
      print(done, loss, imagesPerSecond, now);
    }
  }

  /** Shows the final count (unless it is already shown) and ends the line. */
  public void finish(long done) {
    long now = nanoClock.getAsLong();
    if (display != Display.NONE && done != lastPrintedDone) {
      print(done, Double.NaN, measuredRate(done, now), now);
    }
    endLine();
  }

  /** Ends the line drawn in place, so that what is printed next starts on a line of its own. */
  public void endLine() {
    if (display == Display.IN_PLACE && lastLineLength > 0) {
      out.println();
      out.flush();
      lastLineLength = 0;
    }
  }

  private boolean due(long done, long now) {
    if (display == Display.NONE) {
      return false;
    }
    // the last count is always shown, once
    boolean last = total > 0 && done >= total && done != lastPrintedDone;
    return last || lastPrintNanos == Long.MIN_VALUE || now - lastPrintNanos >= minNanosBetweenLines;
  }

  private double measuredRate(long done, long now) {
    double seconds = (now - startNanos) / 1e9;
    return seconds > 0 ? done / seconds : 0;
  }

  private void print(long done, double loss, double imagesPerSecond, long now) {
    lastPrintNanos = now;
    lastPrintedDone = done;
    String line = render(done, loss, imagesPerSecond, now - startNanos);
    if (display == Display.IN_PLACE) {
      // pad with spaces to erase the tail of a longer previous line
      int padding = Math.max(0, lastLineLength - line.length());
      out.print("\r" + line + " ".repeat(padding));
      lastLineLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** The text of the bar; {@code loss} NaN leaves the loss out. */
  String render(long done, double loss, double imagesPerSecond, long elapsedNanos) {
    String rate = formatRate(imagesPerSecond);
    if (total == 0) {
      return String.format(Locale.ROOT, "%s%d images  %s", prefix, done, rate);
    }
    long shown = Math.max(0, Math.min(done, total));
    double fraction = shown / (double) total;
    // floor, so the bar is full and the percentage 100.0 only when everything is done
    int filled = (int) Math.floor(fraction * BAR_WIDTH);
    double percent = Math.floor(fraction * 1000) / 10;
    String lossText = Double.isNaN(loss) ? "" : String.format(Locale.ROOT, " loss %.4f", loss);
    String time =
        shown >= total
            ? "took " + formatDuration(Duration.ofNanos(elapsedNanos))
            : shown == 0
                ? "ETA ?"
                : "ETA "
                    + formatDuration(
                        Duration.ofNanos((long) (elapsedNanos / (double) shown * (total - shown))));
    return String.format(
        Locale.ROOT,
        "%s[%s%s] %d/%d %5.1f%%%s  %s  %s",
        prefix,
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        done,
        total,
        percent,
        lossText,
        rate,
        time);
  }

  /** Whole images per second from 100 up; one decimal below, where slow paced sends live. */
  static String formatRate(double imagesPerSecond) {
    return imagesPerSecond >= 100
        ? String.format(Locale.ROOT, "%,.0f img/s", imagesPerSecond)
        : String.format(Locale.ROOT, "%.1f img/s", imagesPerSecond);
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
