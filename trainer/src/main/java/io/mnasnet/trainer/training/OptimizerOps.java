package io.mnasnet.trainer.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * The update ops of the recipe's optimizer, with the learning rate fed per step: TensorFlow's raw
 * {@code ApplyMomentum} (Nesterov) and {@code ApplyRMSProp} kernels on {@code VariableV2}s, their
 * slots created as variables named {@code optimizer/<variable>/<slot>} so that {@code Session.save}
 * checkpoints them and a resumed run continues with the same momentum.
 */
final class OptimizerOps {

  private OptimizerOps() {}

  /**
   * One update op per variable.
   *
   * @param tf where the slot variables are created (no control dependencies: a variable must be
   *     readable, e.g. by its initializer or a checkpoint restore, without running a step)
   * @param gated where the update ops are created, with control dependencies on all gradients
   * @param variables the trainable variables
   * @param gradients their gradients, same order
   * @param learningRate scalar fed each step
   */
  static List<Op> apply(
      Ops tf,
      Ops gated,
      TrainingRecipe recipe,
      List<Variable<TFloat32>> variables,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate) {
    Operand<TFloat32> momentum = gated.constant((float) recipe.momentum());
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> variable = variables.get(i);
      Operand<TFloat32> gradient = gradients.get(i);
      String name = variable.op().name();
      Ops slots = gated;
      updates.add(
          switch (recipe.optimizer()) {
            case SGD_NESTEROV ->
                slots.train.applyMomentum(
                    variable,
                    slot(tf, name + ".momentum", variable, 0f),
                    learningRate,
                    gradient,
                    momentum,
                    ApplyMomentum.useNesterov(true));
            case RMSPROP ->
                slots.train.applyRmsProp(
                    variable,
                    // TF1's RMSPropOptimizer (which the TPU recipe used) starts the mean square at
                    // 1, not 0: the first steps are then not blown up by a tiny denominator.
                    slot(slots, "rms", variable, 1f),
                    slot(tf, name + ".momentum", variable, 0f),
                    learningRate,
                    slots.constant((float) recipe.rmsPropDecay()),
                    momentum,
                    slots.constant((float) recipe.rmsPropEpsilon()),
                    gradient);
          });
    }
    return updates;
  }

  private static Variable<TFloat32> slot(
      Ops tf, String slotName, Variable<TFloat32> variable, float initialValue) {
    Shape shape = variable.shape();
    Ops init = tf.withInitScope();
    Operand<TFloat32> value = init.fill(init.constant(shape), init.constant(initialValue));
    return tf.withName(slotName).variable(value);
  }
}
