package io.mnasnet.cli.consume;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Prints what a {@link PredictionReader} finds: each prediction as a {@link PredictionTable} row, a
 * line of JSON, or nothing ({@link Rows}) on {@code out}, the first few unreadable records on
 * {@code err}; keeps the count, accuracy and latencies for a summary ({@link ConsumeSummary}, the
 * demo's). Used by one reading thread; read its totals after that thread ended.
 */
public final class PredictionPrinter implements PredictionReader.Listener {
  /** How many unreadable records are described before they are only counted. */
  static final int MAX_UNREADABLE_REPORTED = 5;

  /** How each prediction is shown. */
  public enum Rows {
    /** A {@link PredictionTable} row, under a header. */
    TABLE,
    /** One JSON object per line. */
    JSON,
    /** Not at all: only counted. */
    NONE
  }

  private final PrintWriter out;
  private final PrintWriter err;
  private final Rows rows;
  private final PredictionTable table = new PredictionTable();
  private final PredictionSerde serde = new PredictionSerde();
  private final RunningAccuracy accuracy = new RunningAccuracy();
  private final LatencyStats latencies = new LatencyStats();
  private long predictions;
  private long unreadable;

  /**
   * @param json one JSON object per line instead of the table
   */
  public PredictionPrinter(PrintWriter out, PrintWriter err, boolean json) {
    this(out, err, json ? Rows.JSON : Rows.TABLE);
  }

  public PredictionPrinter(PrintWriter out, PrintWriter err, Rows rows) {
    this.out = out;
    this.err = err;
    this.rows = rows;
  }

  /** Prints the table header (nothing for other rows). */
  public void start() {
    if (rows == Rows.TABLE) {
      out.println(table.header());
      out.flush();
    }
  }

  @Override
  public void onPrediction(ConsumerRecord<String, byte[]> record, Prediction prediction) {
    predictions++;
    Optional<Boolean> match = accuracy.record(prediction);
    latencies.add(prediction.timings().endToEndMs());
    switch (rows) {
      case TABLE -> out.println(table.row(prediction, match, accuracy));
      case JSON -> out.println(new String(serde.write(prediction), StandardCharsets.UTF_8));
      case NONE -> {
        return;
      }
    }
    out.flush();
  }

  @Override
  public void onUnreadable(ConsumerRecord<String, byte[]> record, String reason) {
    unreadable++;
    if (unreadable <= MAX_UNREADABLE_REPORTED) {
      err.println(
          "Skipped %s-%d@%d (key %s), not a prediction: %s"
              .formatted(
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  record.key(),
                  reason.lines().findFirst().orElse("")));
    }
    if (unreadable == MAX_UNREADABLE_REPORTED) {
      err.println("Further unreadable records are only counted.");
    }
    err.flush();
  }

  /** Predictions seen so far. */
  public long predictions() {
    return predictions;
  }

  /** Records that were not predictions. */
  public long unreadable() {
    return unreadable;
  }

  /** Top-1 accuracy so far. */
  public RunningAccuracy accuracy() {
    return accuracy;
  }

  /** End-to-end latencies so far. */
  public LatencyStats latencies() {
    return latencies;
  }

  /** The closing summary: on {@code out} after the table, on {@code err} after JSON lines. */
  public void finish() {
    PrintWriter target = rows == Rows.JSON ? err : out;
    if (rows == Rows.TABLE) {
      out.println();
    }
    List<String> lines = ConsumeSummary.lines(predictions, unreadable, accuracy, latencies);
    lines.forEach(target::println);
    target.flush();
  }
}
