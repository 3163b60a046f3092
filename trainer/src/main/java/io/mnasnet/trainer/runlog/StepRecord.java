package io.mnasnet.trainer.runlog;

/**
 * Training progress every N steps.
 *
 * @param step 0-based global step of the last batch included
 * @param epoch epochs completed so far, fractional ({@code (step + 1) / stepsPerEpoch}), so step
 *     and epoch records share one x axis
 * @param loss mean training loss over the steps since the previous record
 * @param learningRate learning rate used at {@code step}
 * @param imagesPerSecond training throughput since the previous record
 * @param dataWaitFraction share of wall time the training loop waited for batches, in [0, 1]
 */
public record StepRecord(
    long step,
    double epoch,
    double loss,
    double learningRate,
    double imagesPerSecond,
    double dataWaitFraction)
    implements RunLogRecord {}
