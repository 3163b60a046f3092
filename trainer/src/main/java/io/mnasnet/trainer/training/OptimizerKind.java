package io.mnasnet.trainer.training;

/** The optimizers a {@link TrainingRecipe} can ask for. */
public enum OptimizerKind {
  /** SGD with Nesterov momentum ({@link TrainingRecipe#momentum()}). */
  SGD_NESTEROV,
  /**
   * RMSProp as in the TPU MnasNet recipe: {@link TrainingRecipe#rmsPropDecay()} (0.9), {@link
   * TrainingRecipe#momentum()} (0.9), {@link TrainingRecipe#rmsPropEpsilon()} (1e-3).
   */
  RMSPROP
}
