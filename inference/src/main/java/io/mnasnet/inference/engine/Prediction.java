package io.mnasnet.inference.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The model's output for one image: logits, softmax probabilities and the labels they refer to.
 *
 * @param logits pre-softmax scores, one per class
 * @param probabilities softmax of the logits
 * @param labels class labels, index = class id
 */
public record Prediction(float[] logits, float[] probabilities, List<String> labels) {

  /**
   * One class and its probability.
   *
   * @param index class id
   * @param label class label
   * @param probability softmax probability
   */
  public record Score(int index, String label, float probability) {}

  public Prediction {
    logits = logits.clone();
    probabilities = probabilities.clone();
    labels = List.copyOf(labels);
  }

  @Override
  public float[] logits() {
    return logits.clone();
  }

  @Override
  public float[] probabilities() {
    return probabilities.clone();
  }

  /** The most probable class. */
  public Score top1() {
    return top(1).get(0);
  }

  /** The {@code k} most probable classes, most probable first (fewer if there are fewer). */
  public List<Score> top(int k) {
    List<Score> scores = new ArrayList<>();
    IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparing(i -> i))
        .limit(k)
        .forEach(i -> scores.add(new Score(i, labels.get(i), probabilities[i])));
    return scores;
  }
}
