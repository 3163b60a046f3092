package io.mnasnet.cli.demo;

import io.mnasnet.cli.consume.PredictionPrinter;
import io.mnasnet.cli.consume.PredictionReader;
import io.mnasnet.schemas.Prediction;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The demo's live view: passes the predictions of this run's images to a {@link PredictionPrinter}
 * (the table of {@code consume}) and, about once a second, adds a status line with the running
 * count, throughput and accuracy. Predictions of images sent before the demo started (an existing
 * cluster may hold some) are not shown or counted.
 *
 * <p>Called on the reading thread; {@link #predicted()} and the first/last times may be read from
 * any thread, the printer's totals once the reading thread has ended.
 */
final class DemoView implements PredictionReader.Listener {
  private static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);

  private final PredictionPrinter printer;
  private final PrintWriter out;
  private final boolean statusLines;
  private final long startedAtEpochMs;
  private final LongSupplier nanoClock;
  private final AtomicLong predicted = new AtomicLong();
  private volatile long firstPredictionNanos;
  private volatile long lastPredictionNanos;
  private long statusAtNanos;
  private long statusAtCount;

  /**
   * @param statusLines whether to print the status lines on {@code out}
   * @param startedAtEpochMs when the demo started: images stamped earlier are not this run's
   * @param nanoClock a monotonic clock, e.g. {@code System::nanoTime}
   */
  DemoView(
      PredictionPrinter printer,
      PrintWriter out,
      boolean statusLines,
      long startedAtEpochMs,
      LongSupplier nanoClock) {
    this.printer = printer;
    this.out = out;
    this.statusLines = statusLines;
    this.startedAtEpochMs = startedAtEpochMs;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onPrediction(ConsumerRecord<String, byte[]> record, Prediction prediction) {
    // endToEndMs runs from the image's timestamp, which ImageSender stamps when it sends
    long sentAtEpochMs = prediction.predictedAt() - prediction.timings().endToEndMs();
    if (sentAtEpochMs < startedAtEpochMs) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (predicted.get() == 0) {
      firstPredictionNanos = now;
      statusAtNanos = now;
    }
    lastPredictionNanos = now;
    printer.onPrediction(record, prediction);
    long count = predicted.incrementAndGet();
    if (statusLines && now - statusAtNanos >= STATUS_INTERVAL.toNanos()) {
      double perSecond = (count - statusAtCount) * 1e9 / (now - statusAtNanos);
      out.println(
          String.format(
              Locale.ROOT,
              "-- %d predicted, %.0f images/s, accuracy %s",
              count,
              perSecond,
              printer.accuracy().format()));
      out.flush();
      statusAtNanos = now;
      statusAtCount = count;
    }
  }

  @Override
  public void onUnreadable(ConsumerRecord<String, byte[]> record, String reason) {
    printer.onUnreadable(record, reason);
  }

  /** Predictions of this run's images so far. */
  long predicted() {
    return predicted.get();
  }

  /** {@link System#nanoTime()}-style time of the first prediction; 0 before it. */
  long firstPredictionNanos() {
    return firstPredictionNanos;
  }

  /** Time of the latest prediction; 0 before the first. */
  long lastPredictionNanos() {
    return lastPredictionNanos;
  }
}
