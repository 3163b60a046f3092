package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow variables of a {@link Network}: one {@code VariableV2} per {@link ParameterSpec},
 * named exactly after torchvision's {@code state_dict} key (e.g. {@code layers.0.weight}, {@code
 * layers.8.0.layers.3.running_mean}, {@code classifier.1.weight}), in TensorFlow layout. Created
 * once per graph; any number of forward passes ({@link MnasNetGraphBuilder}) can share them, e.g. a
 * training tower and an evaluation tower.
 *
 * <p>The variables' initializers are registered in the graph's init scope, so a new {@code Session}
 * initialises them before its first run; {@code Session.save/restore} checkpoints them under the
 * same names.
 */
public final class ModelVariables {

  private final Network network;
  private final ParameterInitializer initializer;
  private final Map<String, Variable<TFloat32>> variables;
  private final Map<String, ParameterSpec> specs;

  private ModelVariables(
      Network network,
      ParameterInitializer initializer,
      Map<String, Variable<TFloat32>> variables,
      Map<String, ParameterSpec> specs) {
    this.network = network;
    this.initializer = initializer;
    this.variables = Collections.unmodifiableMap(variables);
    this.specs = Collections.unmodifiableMap(specs);
  }

  /**
   * Creates the variables of {@code network} in {@code tf}'s graph (and on {@code tf}'s device),
   * initialised by {@code initializer}.
   *
   * <p>Pass an {@code Ops} at the graph's root name scope: the variables are named {@code
   * tf.withName(key)}, so a sub-scope would prefix every name and checkpoints would no longer match
   * other graphs (the exporter's, for one). Forward passes may use any scope.
   */
  public static ModelVariables create(Ops tf, Network network, ParameterInitializer initializer) {
    Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    Ops init = tf.withInitScope().withSubScope("initializers");
    int index = 0;
    for (ParameterSpec spec : network.parameters()) {
      Variable<TFloat32> variable =
          tf.withName(spec.name())
              .variable(initializer.initialValue(init.withSubScope(spec.name()), spec, index++));
      variables.put(spec.name(), variable);
      specs.put(spec.name(), spec);
    }
    return new ModelVariables(network, initializer, variables, specs);
  }

  /**
   * The variables of {@code network} that {@code graph} already holds under their {@code
   * state_dict} names, e.g. after a {@code GraphDef} built by {@link #create} was imported.
   *
   * @throws IllegalArgumentException if one is missing
   */
  public static ModelVariables existing(
      Graph graph, Network network, ParameterInitializer initializer) {
    Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    for (ParameterSpec spec : network.parameters()) {
      GraphOperation operation = graph.operation(spec.name());
      if (operation == null) {
        throw new IllegalArgumentException("the graph has no variable named " + spec.name());
      }
      variables.put(spec.name(), new Variable<>(operation));
      specs.put(spec.name(), spec);
    }
    return new ModelVariables(network, initializer, variables, specs);
  }

  /** The network these variables belong to. */
  public Network network() {
    return network;
  }

  /** The initializer the variables were created with (its seed also seeds dropout). */
  public ParameterInitializer initializer() {
    return initializer;
  }

  /** The variable named {@code name} ({@code state_dict} key). */
  public Variable<TFloat32> get(String name) {
    Variable<TFloat32> variable = variables.get(name);
    if (variable == null) {
      throw new IllegalArgumentException(
          "no parameter named '" + name + "' in " + network.architecture());
    }
    return variable;
  }

  /** The specification of the variable named {@code name}. */
  public ParameterSpec spec(String name) {
    get(name);
    return specs.get(name);
  }

  /** All variables by name, in module order (trainable ones and moving statistics). */
  public Map<String, Variable<TFloat32>> all() {
    return variables;
  }

  /** The variables gradient descent updates, in module order. */
  public List<Variable<TFloat32>> trainable() {
    return select(spec -> spec.role().trainable());
  }

  /** Trainable variables weight decay should apply to: convolution kernels and the dense matrix. */
  public List<Variable<TFloat32>> withWeightDecay() {
    return select(spec -> spec.role().trainable() && spec.role().weightDecay());
  }

  /** Trainable variables weight decay should skip: BatchNorm gamma/beta and the dense bias. */
  public List<Variable<TFloat32>> withoutWeightDecay() {
    return select(spec -> spec.role().trainable() && !spec.role().weightDecay());
  }

  /** BatchNorm gamma and beta, in module order. */
  public List<Variable<TFloat32>> batchNormAffine() {
    return select(
        spec ->
            spec.role() == ParameterRole.BATCH_NORM_GAMMA
                || spec.role() == ParameterRole.BATCH_NORM_BETA);
  }

  /** BatchNorm moving means and variances (assigned by training, not trained). */
  public List<Variable<TFloat32>> movingStatistics() {
    return select(spec -> !spec.role().trainable());
  }

  /** Number of trainable scalars; equals {@link ModelSummary#parameters()}. */
  public long trainableElementCount() {
    return specs.values().stream()
        .filter(spec -> spec.role().trainable())
        .mapToLong(ParameterSpec::elements)
        .sum();
  }

  private List<Variable<TFloat32>> select(Predicate<ParameterSpec> filter) {
    List<Variable<TFloat32>> selected = new ArrayList<>();
    specs.forEach(
        (name, spec) -> {
          if (filter.test(spec)) {
            selected.add(variables.get(name));
          }
        });
    return Collections.unmodifiableList(selected);
  }
}
