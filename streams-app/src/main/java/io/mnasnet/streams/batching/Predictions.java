package io.mnasnet.streams.batching;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.Prediction.ClassScore;
import io.mnasnet.schemas.Prediction.ModelRef;
import io.mnasnet.schemas.Prediction.Timings;
import io.mnasnet.streams.inference.ModelIdentity;
import java.util.ArrayList;
import java.util.List;

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
    // A partial selection over the primitive row: sorting 1,000 boxed indices per image showed in
    // the app's profile; k insertions into a k-long list cost a fraction of that.
    int[] best = new int[Math.max(0, k)];
    int filled = 0;
    for (int i = 0; i < probabilities.length && k > 0; i++) {
      float p = probabilities[i];
      if (filled == k && Float.compare(p, probabilities[best[k - 1]]) <= 0) {
        continue; // not above the k-th (ties keep the lower index)
      }
      int position = filled < k ? filled++ : k - 1;
      while (position > 0 && Float.compare(p, probabilities[best[position - 1]]) > 0) {
        best[position] = best[position - 1];
        position--;
      }
      best[position] = i;
    }
    List<ClassScore> top = new ArrayList<>(filled);
    for (int j = 0; j < filled; j++) {
      top.add(new ClassScore(best[j], labels.get(best[j]), clamp(probabilities[best[j]])));
    }
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
        new ModelRef(model.name(), model.version(), model.engine().id()),
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
