package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * A {@link TrainingGraph} of N data-parallel replicas, as PyTorch's {@code DataParallel} computes a
 * step: one copy of the variables on the first replica's device, the fed batch split into N equal
 * parts, replica {@code i}'s forward and backward pass on device {@code i}, the gradients summed
 * onto the shared device and divided by N (the mean loss over the whole batch), one optimizer step.
 * BatchNorm normalises each replica's part with its own statistics, or with {@code
 * synchronisedBatchNorm} with the whole batch's; the moving statistics are updated once per step.
 *
 * <p>Built in a scratch graph, then its {@code GraphDef} gets the devices TensorFlow's gradient
 * builder does not set ({@link GradientPlacement}) and is imported into the caller's graph, so the
 * Session places every replica's backward pass on its own device. Names, feeds and fetches are
 * those of a one-replica graph: checkpoints, {@code --resume}, the moving average, evaluation and
 * export do not know the difference.
 */
final class ReplicatedTrainingGraph {

  static final String GRADIENTS = "replicated_gradients";

  private ReplicatedTrainingGraph() {}

  static TrainingGraph build(
      Graph graph,
      ResolvedRuntime runtime,
      MnasNetConfig model,
      TrainingRecipe recipe,
      boolean synchronisedBatchNorm) {
    int replicas = runtime.replicas();
    if (recipe.batchSize() % replicas != 0) {
      throw new IllegalArgumentException(
          "--batch-size "
              + recipe.batchSize()
              + " does not split into "
              + replicas
              + " equal parts; use a multiple of --replicas");
    }
    GraphDef built;
    TrainingGraph.Builder builder;
    String lossName;
    String correctName;
    try (Graph scratch = new Graph()) {
      builder =
          new TrainingGraph.Builder(
              Ops.create(scratch).withDevice(runtime.parameterDevice()), model, recipe);
      builder.buildReplicated(runtime, synchronisedBatchNorm, GRADIENTS);
      built = scratch.toGraphDef();
      lossName = builder.loss().op().name();
      correctName = builder.correct().op().name();
    }
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      devices.add(runtime.replicaDevice(i).toString());
    }
    graph.importGraphDef(GradientPlacement.colocate(built, GRADIENTS, devices));

    ModelVariables variables =
        ModelVariables.existing(graph, builder.network(), builder.variables().initializer());
    Map<String, Variable<TFloat32>> averaged = null;
    if (builder.averaged() != null) {
      averaged = new LinkedHashMap<>();
      for (String name : builder.averaged().keySet()) {
        averaged.put(name, new Variable<>(operation(graph, TrainingGraph.EMA_PREFIX + name)));
      }
    }
    return new TrainingGraph(
        builder.network(),
        variables,
        averaged,
        new Placeholder<>(operation(graph, "images")),
        new Placeholder<>(operation(graph, "labels")),
        new Placeholder<>(operation(graph, "learning_rate")),
        new Placeholder<>(operation(graph, "global_step")),
        output(graph, lossName),
        output(graph, correctName),
        new NoOp(operation(graph, "train_step")),
        averaged == null ? null : new NoOp(operation(graph, "ema_copy_all")));
  }

  private static GraphOperation operation(Graph graph, String name) {
    GraphOperation operation = graph.operation(name);
    if (operation == null) {
      throw new IllegalStateException("the imported training graph has no op " + name);
    }
    return operation;
  }

  private static Output<TFloat32> output(Graph graph, String name) {
    return operation(graph, name).output(0);
  }
}
