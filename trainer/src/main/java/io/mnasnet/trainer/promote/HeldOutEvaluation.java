package io.mnasnet.trainer.promote;

import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.Prediction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a {@link LoadedModel} of any engine on {@link HeldOutImages} through its encoded-image
 * path ({@link LoadedModel#classifyEncoded}): the model decodes and preprocesses each image as its
 * own {@code mnasnet.json} says, as it would in the streaming app, so two models with different
 * preprocessing are each judged on what they would really see. Classes are matched by name, so a
 * model with another label list is judged fairly on the classes it has.
 */
public final class HeldOutEvaluation {
  /** Images per call of the model. */
  public static final int DEFAULT_BATCH_SIZE = 128;

  private final int batchSize;

  public HeldOutEvaluation(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /** Scores {@code model} on every image of {@code images}. */
  public ModelScore score(LoadedModel model, HeldOutImages images) throws IOException {
    long top1 = 0;
    long top5 = 0;
    long failed = 0;
    Map<String, long[]> perClass = new LinkedHashMap<>();
    for (int start = 0; start < images.size(); start += batchSize) {
      int end = Math.min(images.size(), start + batchSize);
      List<byte[]> batch = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        batch.add(images.encoded(i));
      }
      List<Classification> results = model.classifyEncoded(batch);
      for (int i = start; i < end; i++) {
        String truth = images.trueClass(i);
        long[] counts = perClass.computeIfAbsent(truth, c -> new long[2]);
        counts[0]++;
        Classification result = results.get(i - start);
        if (result.prediction().isEmpty()) {
          failed++;
          continue;
        }
        List<Prediction.Score> ranked = result.prediction().get().top(5);
        if (ranked.get(0).label().equals(truth)) {
          top1++;
          counts[1]++;
        }
        if (ranked.stream().anyMatch(c -> c.label().equals(truth))) {
          top5++;
        }
      }
    }
    return new ModelScore(images.size(), top1, top5, failed, perClass);
  }
}
