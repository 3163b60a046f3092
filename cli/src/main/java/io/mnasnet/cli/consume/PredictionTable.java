package io.mnasnet.cli.consume;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.Prediction.ClassScore;
import java.util.Locale;
import java.util.Optional;

/**
 * Formats predictions as the fixed-width rows of {@code consume}'s live table: id, predicted class,
 * its probability, the true class where known, whether they agree, the end-to-end latency and the
 * running accuracy. Long values are cut to the column width and end in {@code ..}.
 */
public final class PredictionTable {
  private static final int ID_WIDTH = 24;
  private static final int LABEL_WIDTH = 16;
  private static final String ROW =
      "%-" + ID_WIDTH + "s  %-" + LABEL_WIDTH + "s  %5s  %-" + LABEL_WIDTH + "s  %-3s  %10s  %s";

  /** The column titles. */
  public String header() {
    return String.format(
            Locale.ROOT, ROW, "ID", "PREDICTED", "PROB", "TRUE", "OK", "LATENCY ms", "ACCURACY")
        .stripTrailing();
  }

  /**
   * The row of one prediction.
   *
   * @param match whether the top-1 class is the true one, if known
   * @param accuracy the running accuracy including this prediction
   */
  public String row(Prediction prediction, Optional<Boolean> match, RunningAccuracy accuracy) {
    ClassScore top1 = prediction.top1();
    return String.format(
            Locale.ROOT,
            ROW,
            fit(prediction.id(), ID_WIDTH),
            fit(top1.label(), LABEL_WIDTH),
            String.format(Locale.ROOT, "%.3f", top1.probability()),
            fit(trueLabelName(prediction), LABEL_WIDTH),
            match.map(right -> right ? "yes" : "no").orElse("-"),
            Long.toString(prediction.timings().endToEndMs()),
            accuracy.format())
        .stripTrailing();
  }

  /**
   * The true label for people: a class index is shown by its name when one of the top-k classes has
   * that index, otherwise as given; {@code -} when unknown.
   */
  static String trueLabelName(Prediction prediction) {
    String trueLabel = prediction.trueLabel();
    if (trueLabel == null) {
      return "-";
    }
    try {
      int index = Integer.parseInt(trueLabel.trim());
      return prediction.topK().stream()
          .filter(score -> score.index() == index)
          .map(ClassScore::label)
          .findFirst()
          .orElse(trueLabel);
    } catch (NumberFormatException notAnIndex) {
      return trueLabel;
    }
  }

  static String fit(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 2) + "..";
  }
}
