package io.mnasnet.trainer.training;

/** The learning-rate schedules a {@link TrainingRecipe} can ask for. */
public enum ScheduleKind {
  /** {@link StepDecay}: x{@link TrainingRecipe#STEP_DECAY_GAMMA} every 20 epochs. */
  STEP,
  /** {@link CosineWithWarmup} from the recipe's learning rate to 0 at the last step. */
  COSINE,
  /** {@link ExponentialDecay}: x0.97 every 2.4 epochs, staircase (TPU MnasNet). */
  EXPONENTIAL,
  /** {@link OneCycle} peaking at the recipe's learning rate. */
  ONE_CYCLE
}
