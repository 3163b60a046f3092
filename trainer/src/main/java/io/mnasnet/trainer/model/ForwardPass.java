package io.mnasnet.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * One forward pass of MnasNet built into a graph.
 *
 * @param mode training or inference behaviour of BatchNorm and dropout
 * @param images the input it was built on, float32 {@code [N, H, W, 3]}
 * @param features the pooled 1280-wide features before dropout, {@code [N, 1280]}
 * @param logits pre-softmax scores, {@code [N, classes]}
 * @param batchNormUpdates in training mode, the assignments of every BatchNorm's moving mean and
 *     variance; run them as targets together with each training step. Empty in inference mode.
 */
public record ForwardPass(
    Mode mode,
    Operand<TFloat32> images,
    Operand<TFloat32> features,
    Operand<TFloat32> logits,
    List<Op> batchNormUpdates) {

  public ForwardPass {
    batchNormUpdates = List.copyOf(batchNormUpdates);
  }
}
