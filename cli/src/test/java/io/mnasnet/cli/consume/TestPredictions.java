package io.mnasnet.cli.consume;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.Prediction.ClassScore;
import java.util.List;

/** Hand-written predictions for the tests. */
public final class TestPredictions {
  private TestPredictions() {}

  /**
   * A prediction of class {@code index}/{@code label} with {@code probability}, the runner-up class
   * 0 "T-shirt/top", the given true label (or null) and end-to-end latency.
   */
  public static Prediction of(
      String id, int index, String label, double probability, String trueLabel, long endToEndMs) {
    return new Prediction(
        id,
        List.of(
            new ClassScore(index, label, probability),
            new ClassScore(0, "T-shirt/top", (1 - probability) / 2)),
        new Prediction.ModelRef("mnasnet-test", 1),
        new Prediction.Timings(endToEndMs / 2, 5, endToEndMs),
        4,
        new Prediction.SourcePosition("images-in", 0, 7),
        trueLabel,
        1_700_000_000_000L);
  }
}
