package io.mnasnet.streams.inference;

import java.util.List;

/**
 * The outcome of classifying one batch.
 *
 * @param model the model version that classified every image of the batch
 * @param scores one per image, in input order
 * @param inferenceNanos wall-clock time of the model call
 * @param modelBatchSize how many images the model saw in that call (larger than this batch when
 *     batches of several stream threads were classified together)
 */
public record BatchResult(
    ModelIdentity model, List<ImageScores> scores, long inferenceNanos, int modelBatchSize) {}
