package io.mnasnet.cli.consume;

import io.mnasnet.schemas.Prediction;
import java.util.Locale;
import java.util.Optional;

/**
 * Top-1 accuracy over the predictions that carried a true label ({@link
 * Prediction#top1MatchesTrueLabel()}); predictions without one do not count either way.
 */
public final class RunningAccuracy {
  private long labelled;
  private long correct;

  /** Counts {@code prediction}; returns whether it was right, if it had a true label. */
  public Optional<Boolean> record(Prediction prediction) {
    Optional<Boolean> match = prediction.top1MatchesTrueLabel();
    match.ifPresent(
        right -> {
          labelled++;
          if (right) {
            correct++;
          }
        });
    return match;
  }

  public long labelled() {
    return labelled;
  }

  public long correct() {
    return correct;
  }

  /** Correct / labelled, if any prediction had a label. */
  public Optional<Double> accuracy() {
    return labelled == 0 ? Optional.empty() : Optional.of((double) correct / labelled);
  }

  /** E.g. {@code 91.5% (183/200)}, or {@code -} before the first labelled prediction. */
  public String format() {
    return accuracy()
        .map(value -> String.format(Locale.ROOT, "%.1f%% (%d/%d)", value * 100, correct, labelled))
        .orElse("-");
  }
}
