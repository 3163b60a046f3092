package io.mnasnet.trainer.runlog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Summary of one finished epoch. Optional metrics are {@code null} (and omitted from the JSON) when
 * the trainer did not compute them, e.g. training accuracy or validation loss.
 *
 * @param epoch 1-based number of the epoch just finished (= epochs completed)
 * @param trainLoss mean training loss over the epoch
 * @param trainTop1 training top-1 accuracy in [0, 1], or null
 * @param trainTop5 training top-5 accuracy in [0, 1], or null
 * @param valLoss validation loss, or null
 * @param valTop1 validation top-1 accuracy in [0, 1], or null when there is no validation set
 * @param valTop5 validation top-5 accuracy in [0, 1], or null
 * @param learningRate learning rate at the end of the epoch
 * @param imagesPerSecond training throughput over the epoch
 * @param dataWaitFraction share of the epoch's wall time spent waiting for batches, in [0, 1]
 * @param wallSeconds wall-clock duration of the epoch including evaluation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochRecord(
    int epoch,
    double trainLoss,
    Double trainTop1,
    Double trainTop5,
    Double valLoss,
    Double valTop1,
    Double valTop5,
    double learningRate,
    double imagesPerSecond,
    double dataWaitFraction,
    double wallSeconds)
    implements RunLogRecord {}
