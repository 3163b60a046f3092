package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

  @Test
  void shuffledPlanIsAPermutationFixedBySeedAndEpoch() {
    BatchPlan plan = BatchPlan.shuffled(103, 10, true, 42, 0);
    assertThat(plan.batchCount()).isEqualTo(10);
    List<Integer> seen = new ArrayList<>();
    for (int b = 0; b < plan.batchCount(); b++) {
      assertThat(plan.samplesOf(b)).hasSize(10);
      IntStream.of(plan.samplesOf(b)).forEach(seen::add);
    }
    assertThat(seen).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 103);

    assertThat(BatchPlan.shuffled(103, 10, true, 42, 0).samplesOf(3)).isEqualTo(plan.samplesOf(3));
    assertThat(BatchPlan.shuffled(103, 10, true, 42, 1).samplesOf(3))
        .isNotEqualTo(plan.samplesOf(3));
    assertThat(BatchPlan.shuffled(103, 10, true, 43, 0).samplesOf(3))
        .isNotEqualTo(plan.samplesOf(3));
  }

  @Test
  void batchSeedsDifferPerBatchAndEpoch() {
    BatchPlan epoch0 = BatchPlan.shuffled(100, 10, true, 42, 0);
    BatchPlan epoch1 = BatchPlan.shuffled(100, 10, true, 42, 1);
    assertThat(epoch0.seedOf(0)).isNotEqualTo(epoch0.seedOf(1)).isNotEqualTo(epoch1.seedOf(0));
  }

  @Test
  void sequentialPlanKeepsOrderAndTheSmallLastBatch() {
    BatchPlan plan = BatchPlan.sequential(25, 10, 0);
    assertThat(plan.batchCount()).isEqualTo(3);
    assertThat(plan.samplesOf(0)).startsWith(0, 1, 2);
    assertThat(plan.samplesOf(2)).containsExactly(20, 21, 22, 23, 24);
  }

  @Test
  void skippingBatchesKeepsTheRemainingBatchesAndTheirSeeds() {
    BatchPlan plan = BatchPlan.shuffled(100, 10, true, 42, 3);
    BatchPlan rest = plan.skip(4);
    assertThat(rest.batchCount()).isEqualTo(6);
    for (int b = 0; b < rest.batchCount(); b++) {
      assertThat(rest.samplesOf(b)).isEqualTo(plan.samplesOf(4 + b));
      assertThat(rest.seedOf(b)).isEqualTo(plan.seedOf(4 + b));
    }
    assertThat(rest.skip(2).seedOf(0)).isEqualTo(plan.seedOf(6));
    assertThat(plan.skip(10).batchCount()).isZero();
  }
}
