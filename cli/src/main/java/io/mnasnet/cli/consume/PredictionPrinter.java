package io.mnasnet.cli.consume;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Prints what a {@link PredictionReader} finds: each prediction as a {@link PredictionTable} row or
 * a line of JSON on {@code out}, the first few unreadable records on {@code err}; keeps the
 * accuracy and latencies for the {@link ConsumeSummary}.
 */
public final class PredictionPrinter implements PredictionReader.Listener {
  /** How many unreadable records are described before they are only counted. */
  static final int MAX_UNREADABLE_REPORTED = 5;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
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
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Prints the table header (nothing for JSON lines). */
  public void start() {
    if (!json) {
      out.println(table.header());
      out.flush();
    }
  }

  @Override
  public void onPrediction(ConsumerRecord<String, byte[]> record, Prediction prediction) {
    predictions++;
    Optional<Boolean> match = accuracy.record(prediction);
    latencies.add(prediction.timings().endToEndMs());
    out.println(
        json
            ? new String(serde.write(prediction), StandardCharsets.UTF_8)
            : table.row(prediction, match, accuracy));
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

  /** The closing summary: on {@code out} after the table, on {@code err} after JSON lines. */
  public void finish() {
    PrintWriter target = json ? err : out;
    if (!json) {
      out.println();
    }
    List<String> lines = ConsumeSummary.lines(predictions, unreadable, accuracy, latencies);
    lines.forEach(target::println);
    target.flush();
  }
}
