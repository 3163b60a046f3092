package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.Prediction.ClassScore;
import io.mnasnet.schemas.Prediction.ModelRef;
import io.mnasnet.schemas.Prediction.SourcePosition;
import io.mnasnet.schemas.Prediction.Timings;
import java.util.List;

/** Predictions over the ten Fashion-MNIST classes, for the web view's unit tests. */
final class TestPredictions {
  static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private TestPredictions() {}

  /**
   * Image {@code id} predicted as class {@code top1} (then the next two classes), true label as
   * given.
   */
  static Prediction of(String id, int top1, String trueLabel, long endToEndMs, long atMs) {
    return of(id, top1, trueLabel, endToEndMs, atMs, 3);
  }

  /** As {@link #of(String, int, String, long, long)}, from version {@code version}. */
  static Prediction of(
      String id, int top1, String trueLabel, long endToEndMs, long atMs, int version) {
    return of(id, top1, trueLabel, endToEndMs, atMs, version, null);
  }

  /**
   * As {@link #of(String, int, String, long, long, int)}, computed by {@code engine} ({@code null}:
   * not named).
   */
  static Prediction of(
      String id,
      int top1,
      String trueLabel,
      long endToEndMs,
      long atMs,
      int version,
      String engine) {
    List<ClassScore> topK =
        List.of(
            new ClassScore(top1, CLASSES.get(top1), 0.7),
            new ClassScore((top1 + 1) % 10, CLASSES.get((top1 + 1) % 10), 0.2),
            new ClassScore((top1 + 2) % 10, CLASSES.get((top1 + 2) % 10), 0.1));
    return new Prediction(
        id,
        topK,
        new ModelRef("fmnist", version, engine),
        new Timings(1, 2, endToEndMs),
        8,
        new SourcePosition("images-in", 0, 0),
        trueLabel,
        atMs);
  }
}
