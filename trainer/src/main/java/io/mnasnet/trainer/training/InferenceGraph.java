package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.model.MnasNetGraphBuilder;
import io.mnasnet.trainer.model.Mode;
import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import io.mnasnet.trainer.model.ParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A plain inference graph of a network in its own {@link Graph} and {@link Session}: variables
 * named exactly after the {@code state_dict} ({@link ModelVariables}), an {@code images}
 * placeholder, inference-mode logits, and one prebuilt assignment per variable to load weights.
 *
 * <p>The trainer evaluates with it (loading the training session's current or averaged weights
 * after each epoch), saves the best epoch from it as an inference checkpoint, and {@link
 * TrainedModel} restores such a checkpoint into it. Keeping evaluation out of the training graph
 * keeps that graph small: in TensorFlow Java 1.1 every name sub-scope scans all existing
 * operations, so building cost grows with the square of the graph's size.
 */
public final class InferenceGraph implements AutoCloseable {

  /** Name of the input placeholder. */
  public static final String IMAGES = "images";

  private final Network network;
  private final Graph graph;
  private final Session session;
  private final ModelVariables variables;
  private final Placeholder<TFloat32> images;
  private final Operand<TFloat32> logits;
  private final Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
  private final Map<String, Op> assignments = new LinkedHashMap<>();

  /** Builds the graph of {@code network} and opens its session with {@code runtime}. */
  public InferenceGraph(Network network, ResolvedRuntime runtime) {
    this.network = network;
    this.graph = new Graph();
    try {
      Ops tf = runtime.place(Ops.create(graph));
      variables = ModelVariables.create(tf, network, ParameterInitializer.torchvision(0));
      int size = network.config().imageSize();
      images =
          tf.withName(IMAGES)
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      logits = MnasNetGraphBuilder.forward(tf, images, variables, Mode.INFERENCE).logits();
      for (ParameterSpec spec : network.parameters()) {
        Placeholder<TFloat32> input =
            tf.withName("load." + spec.name())
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(spec.tensorFlowShape())));
        inputs.put(spec.name(), input);
        assignments.put(
            spec.name(),
            tf.withName("assign." + spec.name()).assign(variables.get(spec.name()), input));
      }
      session = runtime.session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The network. */
  public Network network() {
    return network;
  }

  /**
   * Sets every variable to {@code weights}, which must hold all of them with the network's shapes.
   *
   * @throws IllegalArgumentException naming a missing or mis-shaped weight
   */
  public void load(ModelWeights weights) {
    Map<String, ParameterSpec> given = weights.network().parametersByName();
    Session.Runner runner = session.runner();
    List<TFloat32> fed = new ArrayList<>();
    try {
      for (ParameterSpec spec : network.parameters()) {
        ParameterSpec other = given.get(spec.name());
        if (other == null || !Arrays.equals(other.tensorFlowShape(), spec.tensorFlowShape())) {
          throw new IllegalArgumentException(
              spec.name()
                  + (other == null
                      ? " is missing from the weights"
                      : " has shape " + Arrays.toString(other.tensorFlowShape()))
                  + "; the network expects "
                  + Arrays.toString(spec.tensorFlowShape()));
        }
        TFloat32 tensor =
            TFloat32.tensorOf(
                Shape.of(spec.tensorFlowShape()),
                DataBuffers.of(weights.get(spec.name()), true, false));
        fed.add(tensor);
        runner.feed(inputs.get(spec.name()), tensor).addTarget(assignments.get(spec.name()));
      }
      runner.run().close();
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  /** The current weights. */
  public ModelWeights weights() {
    return ModelWeights.fetch(session, variables);
  }

  /** Logits of a preprocessed batch, {@code batch.size() * classes} values row-major. */
  public float[] logits(Batch batch) {
    try (TFloat32 input =
            TFloat32.tensorOf(
                Shape.of(batch.shape()), DataBuffers.of(batch.images(), true, false));
        Result result = session.runner().feed(images, input).fetch(logits).run()) {
      TFloat32 output = (TFloat32) result.get(0);
      float[] values = new float[(int) output.size()];
      output.copyTo(DataBuffers.of(values, false, false));
      return values;
    }
  }

  /** Writes an inference checkpoint ({@code prefix.index}, {@code prefix.data-*}). */
  public void save(Path prefix) throws java.io.IOException {
    Files.createDirectories(prefix.toAbsolutePath().getParent());
    session.save(prefix.toString());
  }

  /** Restores an inference checkpoint written by {@link #save} (or any with the same names). */
  public void restore(Path prefix) throws java.io.IOException {
    if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
      throw new java.io.IOException("no checkpoint " + prefix + ".index");
    }
    session.restore(prefix.toString());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
