package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingRecipeTest {

  @Test
  void defaultsAreTheNamedConstants() {
    TrainingRecipe recipe = TrainingRecipe.builder().build();

    assertThat(recipe.optimizer()).isEqualTo(OptimizerKind.SGD_NESTEROV);
    assertThat(recipe.learningRate()).isEqualTo(TrainingRecipe.DEFAULT_LEARNING_RATE);
    assertThat(recipe.batchNormMomentum()).isEqualTo(0.1);
    assertThat(recipe.batchNormDecay()).isCloseTo(0.9, within(1e-12));
    assertThat(recipe.usesEma()).isFalse();
    assertThat(recipe.batchSize()).isEqualTo(128);
  }

  @Test
  void defaultBatchNormMomentumForgetsTheInitialStatisticsWithinAShortRun() {
    double initialWeightAfter50Steps = Math.pow(1 - TrainingRecipe.DEFAULT_BATCH_NORM_MOMENTUM, 50);
    double torchvisionAfterOneEpoch = Math.pow(1 - 3e-4, 469);

    assertThat(initialWeightAfter50Steps).isLessThan(0.01);
    assertThat(torchvisionAfterOneEpoch).isGreaterThan(0.8);
  }

  @Test
  void tpuRecipeMatchesTheReference() {
    TrainingRecipe tpu = TrainingRecipe.mnasNetTpuImageNet(1024);

    assertThat(tpu.optimizer()).isEqualTo(OptimizerKind.RMSPROP);
    assertThat(tpu.rmsPropDecay()).isEqualTo(0.9);
    assertThat(tpu.momentum()).isEqualTo(0.9);
    assertThat(tpu.rmsPropEpsilon()).isEqualTo(1e-3);
    assertThat(tpu.learningRate()).isCloseTo(0.064, within(1e-12));
    assertThat(tpu.batchNormDecay()).isCloseTo(0.99, within(1e-12));
    assertThat(tpu.usesEma()).isTrue();
    LearningRateSchedule schedule = tpu.schedule(1251);
    assertThat(schedule.at(10 * 1251))
        .isCloseTo(ExponentialDecay.mnasNetTpu(1024, 1251).at(10 * 1251), within(1e-15));
  }

  @Test
  void scheduleKindsBuildTheMatchingSchedule() {
    TrainingRecipe.Builder base = TrainingRecipe.builder().learningRate(0.1).epochs(40);
    assertThat(base.schedule(ScheduleKind.STEP).build().schedule(10).at(200))
        .isCloseTo(0.05, within(1e-12));
    assertThat(base.schedule(ScheduleKind.COSINE).build().schedule(10).at(400)).isZero();
    assertThat(base.schedule(ScheduleKind.ONE_CYCLE).build().schedule(10))
        .isInstanceOf(OneCycle.class);
  }

  @Test
  void stepsPerEpochDropsTheLastPartialBatchAndRejectsTinyDatasets() {
    TrainingRecipe recipe = TrainingRecipe.builder().batchSize(128).build();
    assertThat(recipe.stepsPerEpoch(60_000)).isEqualTo(468);
    assertThatThrownBy(() -> recipe.stepsPerEpoch(100)).hasMessageContaining("batchSize");
  }

  @Test
  void validationNamesTheField() {
    assertThatThrownBy(() -> TrainingRecipe.builder().learningRate(0).build())
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> TrainingRecipe.builder().momentum(1).build())
        .hasMessageContaining("momentum");
    assertThatThrownBy(() -> TrainingRecipe.builder().dropout(-0.1).build())
        .hasMessageContaining("dropout");
    assertThatThrownBy(() -> TrainingRecipe.builder().batchNormMomentum(0).build())
        .hasMessageContaining("batchNormMomentum");
    assertThatThrownBy(() -> TrainingRecipe.builder().emaDecay(1).build())
        .hasMessageContaining("emaDecay");
    assertThatThrownBy(() -> TrainingRecipe.builder().epochs(2).warmupEpochs(2).build())
        .hasMessageContaining("warmupEpochs");
    assertThatThrownBy(() -> TrainingRecipe.builder().batchSize(0).build())
        .hasMessageContaining("batchSize");
  }

  @Test
  void toBuilderRoundTrips() {
    TrainingRecipe recipe = TrainingRecipe.builder().seed(7).labelSmoothing(0).build();
    assertThat(recipe.toBuilder().build()).isEqualTo(recipe);
  }
}
