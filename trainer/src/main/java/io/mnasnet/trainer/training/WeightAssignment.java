package io.mnasnet.trainer.training;

import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.ParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Reads variables out of a session, and writes pretrained weights into the training graph. */
final class WeightAssignment {

  private WeightAssignment() {}

  /**
   * The values of {@code variables}, keyed like the map (e.g. moving-average variables keyed by the
   * {@code state_dict} name of the weight they average).
   */
  static Map<String, float[]> fetch(Session session, Map<String, Variable<TFloat32>> variables) {
    List<String> names = new ArrayList<>(variables.keySet());
    Session.Runner runner = session.runner();
    names.forEach(name -> runner.fetch(variables.get(name)));
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        TFloat32 tensor = (TFloat32) result.get(i);
        float[] value = new float[(int) tensor.size()];
        tensor.copyTo(DataBuffers.of(value, false, false));
        values.put(names.get(i), value);
      }
    }
    return values;
  }

  /**
   * Assigns {@code weights} to the variables of the same names, adding the assignment ops to the
   * session's graph (call once per graph). The classifier is skipped, keeping its initial values,
   * when the number of classes differs (fine-tuning to a new label set).
   *
   * @return the names of the variables left at their initial values
   * @throws IllegalArgumentException if the backbone does not fit (another width)
   */
  static List<String> assign(Session session, ModelVariables variables, ModelWeights weights) {
    Map<String, ParameterSpec> source = weights.network().parametersByName();
    Ops tf = Ops.create(session.graph());
    List<String> skipped = new ArrayList<>();
    Session.Runner runner = session.runner();
    List<TFloat32> fed = new ArrayList<>();
    try {
      for (ParameterSpec spec : variables.network().parameters()) {
        ParameterSpec from = source.get(spec.name());
        boolean sameShape =
            from != null && java.util.Arrays.equals(from.tensorFlowShape(), spec.tensorFlowShape());
        if (!sameShape) {
          if (spec.name().startsWith("classifier.")) {
            skipped.add(spec.name());
            continue;
          }
          throw new IllegalArgumentException(
              "pretrained weight "
                  + spec.name()
                  + (from == null
                      ? " is missing"
                      : " has shape "
                          + Shape.of(from.tensorFlowShape())
                          + ", the network expects "
                          + Shape.of(spec.tensorFlowShape()))
                  + "; were the weights trained with another --width?");
        }
        Placeholder<TFloat32> input =
            tf.withName("pretrained." + spec.name())
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(spec.tensorFlowShape())));
        runner.addTarget(
            tf.withName("load_pretrained." + spec.name())
                .assign(variables.get(spec.name()), input));
        TFloat32 tensor =
            TFloat32.tensorOf(
                Shape.of(spec.tensorFlowShape()),
                DataBuffers.of(weights.get(spec.name()), true, false));
        fed.add(tensor);
        runner.feed(input, tensor);
      }
      if (!fed.isEmpty()) {
        runner.run().close();
      }
    } finally {
      fed.forEach(TFloat32::close);
    }
    return skipped;
  }
}
