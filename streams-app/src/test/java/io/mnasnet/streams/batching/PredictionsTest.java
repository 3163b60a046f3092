package io.mnasnet.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.Prediction.ClassScore;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PredictionsTest {

  /** What topK must return: every index sorted by probability, descending, ties by index. */
  private static List<Integer> sortedIndices(float[] probabilities, int k) {
    return IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(
            Comparator.<Integer>comparingDouble(i -> probabilities[i])
                .reversed()
                .thenComparing(Comparator.naturalOrder()))
        .limit(k)
        .toList();
  }

  private static List<String> labels(int n) {
    return IntStream.range(0, n).mapToObj(i -> "class-" + i).toList();
  }

  @Test
  void matchesAFullSortOnRandomRowsWithManyTies() {
    Random random = new Random(13);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + random.nextInt(1000);
      float[] row = new float[n];
      for (int i = 0; i < n; i++) {
        // few distinct values, so ties are everywhere
        row[i] = trial % 2 == 0 ? random.nextInt(7) / 7f : random.nextFloat();
      }
      int k = random.nextInt(Math.min(n, 12) + 1);

      List<ClassScore> top = Predictions.topK(row, labels(n), k);

      assertThat(top)
          .extracting(ClassScore::index)
          .containsExactlyElementsOf(sortedIndices(row, k));
      assertThat(top).allSatisfy(s -> assertThat(s.label()).isEqualTo("class-" + s.index()));
    }
  }

  @Test
  void clampsRoundingOutsideZeroToOne() {
    List<ClassScore> top = Predictions.topK(new float[] {1.0000001f, -1e-7f}, labels(2), 2);

    assertThat(top).extracting(ClassScore::probability).containsExactly(1.0, 0.0);
  }

  @Test
  void aRowThatDisagreesWithTheLabelsIsAnError() {
    assertThatThrownBy(() -> Predictions.topK(new float[3], labels(4), 1))
        .hasMessageContaining("3 probabilities but has 4 labels");
  }
}
