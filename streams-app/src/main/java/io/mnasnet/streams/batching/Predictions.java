package io.mnasnet.streams.batching;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.Prediction.ClassScore;
import io.mnasnet.schemas.Prediction.ModelRef;
import io.mnasnet.schemas.Prediction.Timings;
import io.mnasnet.streams.inference.ModelIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Turns a row of class probabilities into a {@link Prediction}. */
public final class Predictions {
  private Predictions() {}

  /**
   * The {@code k} most probable classes, most probable first (ties: lower class index first).
   *
   * @throws IllegalArgumentException when the row and the labels disagree in length
   */
  public static List<ClassScore> topK(float[] probabilities, List<String> labels, int k) {
    if (probabilities.length != labels.size()) {
      throw new IllegalArgumentException(
          "model returned "
              + probabilities.length
              + " probabilities but has "
              + labels.size()
              + " labels");
    }
    List<ClassScore> top = new ArrayList<>(k);
    IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(
            Comparator.<Integer>comparingDouble(i -> probabilities[i])
                .reversed()
                .thenComparing(Comparator.naturalOrder()))
        .limit(k)
        .forEach(i -> top.add(new ClassScore(i, labels.get(i), clamp(probabilities[i]))));
    return top;
  }

  /**
   * The prediction for {@code image}.
   *
   * @param inferenceStartMs wall-clock start of the model call
   * @param inferenceMs duration of the model call
   * @param batchSize images in the model call
   * @param nowMs wall-clock time of the result
   */
  public static Prediction of(
      PendingImage image,
      float[] probabilities,
      ModelIdentity model,
      int topK,
      long inferenceStartMs,
      long inferenceMs,
      int batchSize,
      long nowMs) {
    return new Prediction(
        image.id(),
        topK(probabilities, model.labels(), Math.min(topK, model.labels().size())),
        new ModelRef(model.name(), model.version()),
        new Timings(
            inferenceStartMs - image.eventTimestampMs(),
            inferenceMs,
            nowMs - image.eventTimestampMs()),
        batchSize,
        image.source(),
        image.trueLabel() == null || image.trueLabel().isEmpty() ? null : image.trueLabel(),
        nowMs);
  }

  // float rounding can put a softmax output a hair outside [0, 1]
  private static double clamp(float probability) {
    return Math.min(1.0, Math.max(0.0, probability));
  }
}
