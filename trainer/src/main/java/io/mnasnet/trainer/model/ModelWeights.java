package io.mnasnet.trainer.model;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The values of every parameter of a {@link Network} (trainable ones and BatchNorm moving
 * statistics), in TensorFlow layout, held in Java arrays: what an importer produces and an exporter
 * consumes. Validated on construction: exactly the network's parameters, each with its size.
 */
public final class ModelWeights {

  private final Network network;
  private final Map<String, float[]> values;

  private ModelWeights(Network network, Map<String, float[]> values) {
    this.network = network;
    this.values = values;
  }

  /**
   * Weights for {@code network} from arrays in TensorFlow layout (row-major), keyed by {@code
   * state_dict} name. The arrays are copied.
   *
   * @throws IllegalArgumentException naming the first missing, unexpected or wrongly sized tensor
   */
  public static ModelWeights of(Network network, Map<String, float[]> tensorFlowLayout) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (ParameterSpec spec : network.parameters()) {
      float[] value = tensorFlowLayout.get(spec.name());
      if (value == null) {
        throw new IllegalArgumentException("no value for parameter '" + spec.name() + "'");
      }
      if (value.length != spec.elements()) {
        throw new IllegalArgumentException(
            "parameter '"
                + spec.name()
                + "' has "
                + value.length
                + " values, its shape "
                + Shape.of(spec.tensorFlowShape())
                + " needs "
                + spec.elements());
      }
      copy.put(spec.name(), value.clone());
    }
    for (String name : tensorFlowLayout.keySet()) {
      if (!copy.containsKey(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a parameter of " + network.architecture());
      }
    }
    return new ModelWeights(network, Collections.unmodifiableMap(copy));
  }

  /** The current values of {@code variables} in {@code session} (e.g. after training). */
  public static ModelWeights fetch(Session session, ModelVariables variables) {
    List<String> names = new ArrayList<>(variables.all().keySet());
    Session.Runner runner = session.runner();
    names.forEach(name -> runner.fetch(variables.get(name)));
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        TFloat32 tensor = (TFloat32) result.get(i);
        float[] value = new float[(int) tensor.size()];
        tensor.copyTo(DataBuffers.of(value));
        values.put(names.get(i), value);
      }
    }
    return new ModelWeights(variables.network(), Collections.unmodifiableMap(values));
  }

  /**
   * Freshly initialised weights, as a new training run would start, in a Session of {@code
   * runtime}.
   */
  public static ModelWeights initialized(
      Network network, ParameterInitializer initializer, ResolvedRuntime runtime) {
    try (Graph graph = new Graph()) {
      ModelVariables variables = ModelVariables.create(Ops.create(graph), network, initializer);
      try (Session session = runtime.session(graph)) {
        return fetch(session, variables);
      }
    }
  }

  public Network network() {
    return network;
  }

  /** The value of {@code name} in TensorFlow layout (a copy). */
  public float[] get(String name) {
    float[] value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return value.clone();
  }

  /**
   * Writes a TensorFlow checkpoint ({@code prefix.index} + {@code prefix.data-*}) whose variables
   * carry the {@code state_dict} names, restorable into any graph built on {@link ModelVariables}
   * of the same network (training or inference). Written by a Session of {@code runtime}.
   */
  public void writeCheckpoint(Path prefix, ResolvedRuntime runtime) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      // The initializer only gives the variables their shapes; every value is assigned below.
      ModelVariables variables =
          ModelVariables.create(tf, network, ParameterInitializer.torchvision(0));
      List<TFloat32> tensors = new ArrayList<>();
      try (Session session = runtime.session(graph)) {
        Session.Runner runner = session.runner();
        for (ParameterSpec spec : network.parameters()) {
          Placeholder<TFloat32> input = tf.placeholder(TFloat32.class);
          Op assign = tf.assign(variables.get(spec.name()), input);
          TFloat32 tensor =
              TFloat32.tensorOf(
                  Shape.of(spec.tensorFlowShape()),
                  DataBuffers.of(values.get(spec.name()), true, false));
          tensors.add(tensor);
          runner.feed(input, tensor).addTarget(assign);
        }
        runner.run().close();
        session.save(prefix.toString());
      } finally {
        tensors.forEach(TFloat32::close);
      }
    }
  }
}
