package io.mnasnet.cli.produce;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal's stderr, at most ten times a
 * second: {@code [#########...........] 450/1000 45% 312.4 img/s}. Without a known total it shows
 * the count and the rate only. A disabled bar prints nothing.
 */
public final class ProgressBar {
  private static final int BAR_WIDTH = 30;
  private static final long REDRAW_INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final long total;
  private final LongSupplier nanoClock;
  private final boolean enabled;
  private final long start;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;

  /**
   * @param total the expected count, or 0 if unknown
   * @param enabled whether to draw at all (off when stderr is not a terminal, or on request)
   */
  public ProgressBar(PrintWriter out, long total, LongSupplier nanoClock, boolean enabled) {
    this.out = out;
    this.total = total;
    this.nanoClock = nanoClock;
    this.enabled = enabled;
    this.start = nanoClock.getAsLong();
  }

  /** A bar that draws nothing, for callers that show progress their own way. */
  public static ProgressBar none() {
    return new ProgressBar(new PrintWriter(PrintWriter.nullWriter()), 0, () -> 0, false);
  }

  /** Redraws with {@code done} items, unless it was drawn less than 100 ms ago. */
  public void update(long done) {
    if (!enabled) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_INTERVAL_NANOS) {
      return;
    }
    draw(done, now);
  }

  /** Draws the final state and ends the line. */
  public void finish(long done) {
    if (!enabled) {
      return;
    }
    draw(done, nanoClock.getAsLong());
    out.println();
    out.flush();
  }

  private void draw(long done, long now) {
    lastDraw = now;
    String line = render(done, total, (now - start) / 1e9);
    // pad with spaces so a shorter line fully covers the previous one
    int padding = Math.max(0, lastLength - line.length());
    out.print("\r" + line + " ".repeat(padding));
    out.flush();
    lastLength = line.length();
  }

  /** The text of the bar for {@code done} of {@code total} (0 = unknown) after some seconds. */
  public static String render(long done, long total, double elapsedSeconds) {
    double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
    String speed = String.format(Locale.ROOT, "%.1f img/s", rate);
    if (total <= 0) {
      return String.format(Locale.ROOT, "%d images  %s", done, speed);
    }
    double fraction = Math.min(1.0, (double) done / total);
    int filled = (int) Math.floor(fraction * BAR_WIDTH);
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d %3d%%  %s",
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        done,
        total,
        (int) Math.floor(fraction * 100),
        speed);
  }
}
