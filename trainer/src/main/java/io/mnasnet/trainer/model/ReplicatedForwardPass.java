package io.mnasnet.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The training-mode forward passes of data-parallel replicas ({@link
 * MnasNetGraphBuilder#replicated}).
 *
 * @param features each replica's pooled features before dropout, {@code [N_i, 1280]}
 * @param logits each replica's logits (the model's own dropout layer included)
 * @param batchNormUpdates one assignment per BatchNorm moving statistic, combining the replicas;
 *     run them with every step
 */
public record ReplicatedForwardPass(
    List<Operand<TFloat32>> features, List<Operand<TFloat32>> logits, List<Op> batchNormUpdates) {

  public ReplicatedForwardPass {
    features = List.copyOf(features);
    logits = List.copyOf(logits);
    batchNormUpdates = List.copyOf(batchNormUpdates);
  }
}
