package io.mnasnet.trainer.training;

/**
 * Where a run stands, saved beside each checkpoint ({@code checkpoints/latest.json}): which epoch
 * and batch come next, the global step, the partial sums of the epoch in progress, and the best
 * validation result so far. The data order is a function of {@code (seed, epoch)} ({@link
 * io.mnasnet.trainer.augment.BatchPlan}), and dropout of {@code (seed, step)}, so this is all a
 * resumed run needs to continue exactly where the run stopped.
 *
 * @param epoch 0-based epoch in progress (equals the number of finished epochs)
 * @param batchInEpoch batches of {@code epoch} already trained
 * @param globalStep optimisation steps done since the start of the run
 * @param epochLossSum sum of the per-batch losses of the epoch so far
 * @param epochCorrect training images of the epoch so far whose top-1 was right
 * @param epochImages training images of the epoch so far
 * @param epochSeconds wall time spent training in the epoch so far
 * @param epochWaitSeconds of which spent waiting for batches
 * @param windowLossSum sum of the losses since the last step record
 * @param windowSteps steps since the last step record
 * @param bestTop1 best validation top-1 so far (-1 before the first evaluation)
 * @param bestEpoch 1-based epoch that reached {@code bestTop1} (0 before)
 * @param trainingSeconds wall time of the whole run so far, over all sessions
 * @param checkpoint file prefix of the checkpoint, relative to the checkpoint directory
 */
public record TrainingState(
    int epoch,
    int batchInEpoch,
    long globalStep,
    double epochLossSum,
    double epochCorrect,
    long epochImages,
    double epochSeconds,
    double epochWaitSeconds,
    double windowLossSum,
    int windowSteps,
    double bestTop1,
    int bestEpoch,
    double trainingSeconds,
    String checkpoint) {

  /** The state of a run that has not trained yet. */
  public static TrainingState initial() {
    return new TrainingState(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, null);
  }

  /** This state with its checkpoint prefix set. */
  TrainingState withCheckpoint(String prefix) {
    return new TrainingState(
        epoch,
        batchInEpoch,
        globalStep,
        epochLossSum,
        epochCorrect,
        epochImages,
        epochSeconds,
        epochWaitSeconds,
        windowLossSum,
        windowSteps,
        bestTop1,
        bestEpoch,
        trainingSeconds,
        prefix);
  }
}
