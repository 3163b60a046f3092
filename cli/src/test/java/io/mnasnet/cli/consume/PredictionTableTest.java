package io.mnasnet.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.schemas.Prediction;
import org.junit.jupiter.api.Test;

class PredictionTableTest {
  private final PredictionTable table = new PredictionTable();
  private final RunningAccuracy accuracy = new RunningAccuracy();

  @Test
  void aRowShowsPredictionTrueClassLatencyAndRunningAccuracy() {
    Prediction right = TestPredictions.of("fmnist-test-00000", 9, "Ankle boot", 0.9814, "9", 123);
    Prediction wrong = TestPredictions.of("fmnist-test-00001", 6, "Shirt", 0.5, "0", 80);

    String first = table.row(right, accuracy.record(right), accuracy);
    String second = table.row(wrong, accuracy.record(wrong), accuracy);

    assertThat(first)
        .isEqualTo(
            "fmnist-test-00000         Ankle boot        0.981  Ankle boot        yes         123  100.0% (1/1)");
    // true class 0 is among the top-k, so it is shown by name
    assertThat(second)
        .isEqualTo(
            "fmnist-test-00001         Shirt             0.500  T-shirt/top       no           80  50.0% (1/2)");
    assertThat(table.header())
        .isEqualTo(
            "ID                        PREDICTED          PROB  TRUE              OK   LATENCY ms  ACCURACY");
    // the columns line up
    // the columns line up: numbers right-aligned under their titles
    assertThat(first.indexOf("0.981") + "0.981".length())
        .isEqualTo(table.header().indexOf("PROB") + "PROB".length());
    assertThat(first.indexOf("123") + "123".length())
        .isEqualTo(table.header().indexOf("LATENCY ms") + "LATENCY ms".length());
  }

  @Test
  void unknownTrueLabelsAndLongValuesStayInTheirColumns() {
    Prediction unlabelled =
        TestPredictions.of("a-very-long-image-identifier-from-a-camera", 3, "Dress", 0.7, null, 5);
    Prediction namedLabel = TestPredictions.of("x", 3, "Dress", 0.7, "Coat", 5);
    Prediction unknownIndex = TestPredictions.of("y", 3, "Dress", 0.7, "7", 5);

    String row = table.row(unlabelled, accuracy.record(unlabelled), accuracy);

    assertThat(row).startsWith("a-very-long-image-iden..  Dress ");
    assertThat(row).hasSize(table.header().length() - "ACCURACY".length() + 1);
    assertThat(row).endsWith("  -                 -             5  -");
    assertThat(PredictionTable.trueLabelName(namedLabel)).isEqualTo("Coat");
    assertThat(PredictionTable.trueLabelName(unknownIndex)).isEqualTo("7");
    assertThat(accuracy.labelled()).isZero();
  }
}
