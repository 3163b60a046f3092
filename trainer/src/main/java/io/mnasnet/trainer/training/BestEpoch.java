package io.mnasnet.trainer.training;

import java.util.List;

/**
 * The best epoch of a run by validation top-1 ({@code RUN_DIR/best/best.json}), with what an export
 * needs to rebuild the network.
 *
 * @param epoch 1-based epoch number
 * @param globalStep steps trained at the end of that epoch
 * @param top1 validation top-1 accuracy in [0, 1]
 * @param top5 validation top-5 accuracy in [0, 1]
 * @param validationImages images the accuracy was measured on
 * @param labels class names, index = label
 * @param movingAverage whether the weights are the exponential moving average
 */
public record BestEpoch(
    int epoch,
    long globalStep,
    double top1,
    double top5,
    long validationImages,
    List<String> labels,
    boolean movingAverage) {

  public BestEpoch {
    labels = List.copyOf(labels);
  }
}
