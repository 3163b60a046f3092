package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TopKAccuracyTest {

  @Test
  void countsTopOneTopFiveAndCrossEntropy() {
    TopKAccuracy accuracy = new TopKAccuracy(6);
    accuracy.add(
        new float[] {
          5, 0, 0, 0, 0, 0, // label 0: top-1
          0, 1, 2, 3, 4, 5, // label 1: rank 5 (0-based 4) -> top-5 only
          0, 1, 2, 3, 4, 5 // label 0: rank 6 -> neither
        },
        new int[] {0, 1, 0});
    EvaluationResult result = accuracy.result();
    assertThat(result.images()).isEqualTo(3);
    assertThat(result.top1()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(result.top5()).isCloseTo(2 / 3.0, within(1e-12));
    double first = Math.log(Math.exp(5) + 5) - 5;
    double sum = 0;
    for (int c = 0; c < 6; c++) {
      sum += Math.exp(c);
    }
    double second = Math.log(sum) - 1;
    double third = Math.log(sum);
    assertThat(result.loss()).isCloseTo((first + second + third) / 3, within(1e-9));
  }

  @Test
  void tiesCountForTheLabelAndFewerThanFiveClassesAreAllTopFive() {
    TopKAccuracy accuracy = new TopKAccuracy(3);
    accuracy.add(new float[] {1, 1, 1, 0, 2, 1}, new int[] {2, 0});
    EvaluationResult result = accuracy.result();
    assertThat(result.top1()).isEqualTo(0.5); // tie at the top counts, like InTopK
    assertThat(result.top5()).isEqualTo(1.0);
  }

  @Test
  void rejectsLogitsOfTheWrongWidthAndLabelsOutOfRange() {
    TopKAccuracy accuracy = new TopKAccuracy(10);
    assertThatThrownBy(() -> accuracy.add(new float[5], new int[] {0}))
        .hasMessageContaining("10 classes");
    assertThatThrownBy(() -> accuracy.add(new float[10], new int[] {10}))
        .hasMessageContaining("outside 0..9");
  }
}
