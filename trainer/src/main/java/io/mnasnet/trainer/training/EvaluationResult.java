package io.mnasnet.trainer.training;

/**
 * Accuracy of a model on a labelled set.
 *
 * @param images number of images evaluated
 * @param top1 share whose highest-scoring class is the label, in [0, 1]
 * @param top5 share whose label is among the five highest-scoring classes (all classes when there
 *     are fewer than five), in [0, 1]
 * @param loss mean cross-entropy of the softmax against the label (no label smoothing)
 */
public record EvaluationResult(long images, double top1, double top5, double loss) {}
