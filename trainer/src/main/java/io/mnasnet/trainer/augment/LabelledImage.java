package io.mnasnet.trainer.augment;

/**
 * A decoded image and its class index.
 *
 * @param image pixels in [0, 1]
 * @param label class index, >= 0
 */
public record LabelledImage(FloatImage image, int label) {}
