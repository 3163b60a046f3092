package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.Prediction.ClassScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts of (true class, predicted class) over the predictions that carried a true label. Class
 * names are learnt from the predictions' top-k lists. A true label is a class index when it is a
 * number, else a class name (as {@link Prediction#top1MatchesTrueLabel()} reads it). Fixed size:
 * classes beyond {@value #MAX_CLASSES} and true labels that name no known class are only counted as
 * {@link #unmatched()}. Not thread-safe.
 */
final class ConfusionMatrix {
  static final int MAX_CLASSES = 64;

  /** The matrix as the page draws it: {@code counts[true][predicted]}. */
  record Snapshot(List<String> classes, long[][] counts, long unmatched) {}

  private final long[][] counts = new long[MAX_CLASSES][MAX_CLASSES];
  private final String[] names = new String[MAX_CLASSES];
  private int classes;
  private long unmatched;

  /** Learns the class names of {@code prediction} and counts it if it has a true label. */
  void record(Prediction prediction) {
    for (ClassScore score : prediction.topK()) {
      learn(score);
    }
    if (prediction.trueLabel() == null) {
      return;
    }
    int truth = classOf(prediction.trueLabel());
    int predicted = prediction.top1().index();
    if (truth < 0 || predicted >= MAX_CLASSES) {
      unmatched++;
      return;
    }
    classes = Math.max(classes, Math.max(truth, predicted) + 1);
    counts[truth][predicted]++;
  }

  /** The class index a true label stands for, or -1. */
  int classOf(String trueLabel) {
    String label = trueLabel.trim();
    try {
      int index = Integer.parseInt(label);
      return index >= 0 && index < MAX_CLASSES ? index : -1;
    } catch (NumberFormatException notAnIndex) {
      for (int i = 0; i < MAX_CLASSES; i++) {
        if (trueLabel.equals(names[i])) {
          return i;
        }
      }
      return -1;
    }
  }

  /** The name of class {@code index}, if a prediction has listed it. */
  String name(int index) {
    return index >= 0 && index < MAX_CLASSES ? names[index] : null;
  }

  long unmatched() {
    return unmatched;
  }

  Snapshot snapshot() {
    List<String> classNames = new ArrayList<>(classes);
    long[][] copy = new long[classes][];
    for (int i = 0; i < classes; i++) {
      classNames.add(names[i] == null ? Integer.toString(i) : names[i]);
      copy[i] = Arrays.copyOf(counts[i], classes);
    }
    return new Snapshot(classNames, copy, unmatched);
  }

  private void learn(ClassScore score) {
    if (score.index() < MAX_CLASSES && names[score.index()] == null) {
      names[score.index()] = score.label();
    }
  }
}
