package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.model.Linear;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.MnasNetGraphBuilder;
import io.mnasnet.trainer.model.Mode;
import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import io.mnasnet.trainer.model.ReplicatedForwardPass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Everything one training run computes, built once into one {@link Graph}:
 *
 * <ul>
 *   <li>the model's variables ({@link ModelVariables}, torchvision names) and a training forward
 *       pass (batch statistics, dropout keyed on the fed global step, see {@link
 *       StatelessDropout});
 *   <li>the loss: mean softmax cross-entropy against one-hot labels with label smoothing (the dense
 *       op has a gradient, the sparse one has none in TensorFlow Java), plus {@code weightDecay *
 *       sum(w^2)/2} over kernels only ({@link ModelVariables#withWeightDecay()}: never BatchNorm
 *       gamma/beta or biases);
 *   <li>gradients ({@code Graph.addGradients}) and the optimizer's update ops fed with the learning
 *       rate of the step; every update waits for <em>all</em> gradients, because a layer's input
 *       gradient reads its kernel and must not see the kernel already updated;
 *   <li>the BatchNorm moving-statistics assignments and, if the recipe asks, an exponential moving
 *       average of every variable ({@code ema.<name>}) updated after the weights.
 * </ul>
 *
 * <p>Feed {@link #images()}, {@link #labels()}, {@link #learningRate()} and {@link #step()}; run
 * {@link #trainStep()} and fetch {@link #loss()} and {@link #correct()}. Evaluation happens in a
 * separate {@link InferenceGraph} loaded with {@link #evaluationVariables()}.
 */
public final class TrainingGraph {

  /** Name scope of replica {@code i}'s ops in a replicated graph: {@code replica_<i>/...}. */
  public static final String REPLICA_SCOPE = "replica_";

  /** Name prefix of the moving-average variables ({@code ema.layers.0.weight}). */
  public static final String EMA_PREFIX = "ema.";

  /**
   * Standard deviation of the classifier's initial weights. torchvision's Kaiming-uniform with
   * {@code fan_out} gives a bound of {@code sqrt(3 / classes)}: 0.055 for ImageNet but 0.55 for 10
   * classes, where the first logits are then so large that the loss starts near 14 instead of
   * {@code ln 10}. A small normal init (as the torchvision Fashion-MNIST fixture was trained)
   * starts every class equal.
   */
  public static final double CLASSIFIER_INIT_STDDEV = 0.01;

  private final Network network;
  private final ModelVariables variables;
  private final Map<String, Variable<TFloat32>> averaged;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TInt64> step;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> correct;
  private final Op trainStep;
  private final Op copyWeightsToAverage;

  private TrainingGraph(Builder b) {
    this(
        b.network,
        b.variables,
        b.averaged,
        b.images,
        b.labels,
        b.learningRate,
        b.step,
        b.loss,
        b.correct,
        b.trainStep,
        b.copyWeightsToAverage);
  }

  TrainingGraph(
      Network network,
      ModelVariables variables,
      Map<String, Variable<TFloat32>> averaged,
      Placeholder<TFloat32> images,
      Placeholder<TInt32> labels,
      Placeholder<TFloat32> learningRate,
      Placeholder<TInt64> step,
      Operand<TFloat32> loss,
      Operand<TFloat32> correct,
      Op trainStep,
      Op copyWeightsToAverage) {
    this.network = network;
    this.variables = variables;
    this.averaged = averaged;
    this.images = images;
    this.labels = labels;
    this.learningRate = learningRate;
    this.step = step;
    this.loss = loss;
    this.correct = correct;
    this.trainStep = trainStep;
    this.copyWeightsToAverage = copyWeightsToAverage;
  }

  /**
   * Builds the training graph of {@code model} under {@code recipe} into {@code graph}.
   *
   * @param tf ops on {@code graph}, possibly placed on a device
   * @param model the network's configuration; its dropout and BatchNorm momentum are overridden by
   *     the recipe's
   */
  public static TrainingGraph build(Ops tf, MnasNetConfig model, TrainingRecipe recipe) {
    return new Builder(tf, model, recipe).build();
  }

  /**
   * Builds the training graph into {@code graph} on {@code runtime}'s devices: one replica as
   * {@link #build(Ops, MnasNetConfig, TrainingRecipe)} does on {@link ResolvedRuntime#place}, or
   * {@link ResolvedRuntime#replicas()} data-parallel replicas ({@link ReplicatedTrainingGraph}).
   * Either way the graph has the same variables, names, feeds and fetches.
   *
   * @param graph an empty graph
   */
  public static TrainingGraph build(
      Graph graph,
      ResolvedRuntime runtime,
      MnasNetConfig model,
      TrainingRecipe recipe,
      boolean synchronisedBatchNorm) {
    if (runtime.replicas() == 1) {
      return build(runtime.place(Ops.create(graph)), model, recipe);
    }
    return ReplicatedTrainingGraph.build(graph, runtime, model, recipe, synchronisedBatchNorm);
  }

  /** The network trained. */
  public Network network() {
    return network;
  }

  /** The trained variables (torchvision names). */
  public ModelVariables variables() {
    return variables;
  }

  /**
   * The variables evaluation and export use, keyed by {@code state_dict} name: the moving average
   * ({@code ema.<name>}) when the recipe keeps one, otherwise the trained variables themselves.
   */
  public Map<String, Variable<TFloat32>> evaluationVariables() {
    return averaged == null ? variables.all() : averaged;
  }

  /** Whether an exponential moving average of the weights is kept. */
  public boolean hasMovingAverage() {
    return averaged != null;
  }

  /** Normalised images, float32 {@code [N, size, size, 3]}. */
  public Placeholder<TFloat32> images() {
    return images;
  }

  /** Class indices, int32 {@code [N]}. */
  public Placeholder<TInt32> labels() {
    return labels;
  }

  /** Learning rate of this step, float32 scalar. */
  public Placeholder<TFloat32> learningRate() {
    return learningRate;
  }

  /** Global step (0-based), int64 scalar: seeds this step's dropout mask. */
  public Placeholder<TInt64> step() {
    return step;
  }

  /** Mean cross-entropy (with label smoothing, without weight decay) of the training batch. */
  public Operand<TFloat32> loss() {
    return loss;
  }

  /** Number of training-batch images whose top-1 prediction is right (float32 scalar). */
  public Operand<TFloat32> correct() {
    return correct;
  }

  /** One optimisation step: weight updates, moving statistics, moving average. */
  public Op trainStep() {
    return trainStep;
  }

  /**
   * Sets the moving average to the current weights; run once after initialisation or after loading
   * pretrained weights. Null when there is no moving average.
   */
  public Op copyWeightsToAverage() {
    return copyWeightsToAverage;
  }

  static final class Builder {
    private final Ops tf;
    private final TrainingRecipe recipe;
    private final Network network;
    private ModelVariables variables;
    private Map<String, Variable<TFloat32>> averaged;
    private Placeholder<TFloat32> images;
    private Placeholder<TInt32> labels;
    private Placeholder<TFloat32> learningRate;
    private Placeholder<TInt64> step;
    private Operand<TFloat32> loss;
    private Operand<TFloat32> correct;
    private Op trainStep;
    private Op copyWeightsToAverage;

    Builder(Ops tf, MnasNetConfig model, TrainingRecipe recipe) {
      this.tf = tf;
      this.recipe = recipe;
      // The model's own dropout layer is switched off (rate 0): this graph applies a stateless,
      // step-keyed dropout instead, so that resumed runs draw the same masks.
      MnasNetConfig trainedConfig =
          new MnasNetConfig(
              model.width(),
              model.numClasses(),
              model.imageSize(),
              0,
              recipe.batchNormMomentum(),
              model.batchNormEpsilon());
      this.network = io.mnasnet.trainer.model.MnasNetB1.network(trainedConfig);
    }

    Network network() {
      return network;
    }

    ModelVariables variables() {
      return variables;
    }

    Map<String, Variable<TFloat32>> averaged() {
      return averaged;
    }

    Operand<TFloat32> loss() {
      return loss;
    }

    Operand<TFloat32> correct() {
      return correct;
    }

    TrainingGraph build() {
      int size = network.config().imageSize();
      images =
          tf.withName("images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      learningRate =
          tf.withName("learning_rate")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      step =
          tf.withName("global_step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));

      ParameterInitializer initializer =
          ParameterInitializer.torchvision(recipe.seed())
              .withClassifierNormal(CLASSIFIER_INIT_STDDEV);
      variables = ModelVariables.create(tf, network, initializer);

      Ops train = tf.withSubScope("train");
      // a linear probe (--train-only classifier) keeps the backbone exactly as initialised, its
      // BatchNorm statistics included: the backbone runs in inference mode
      boolean probe = recipe.trainOnly() == TrainableLayers.CLASSIFIER;
      var forward =
          MnasNetGraphBuilder.forward(
              train, images, variables, probe ? Mode.INFERENCE : Mode.TRAINING);
      Operand<TFloat32> logits = classifier(train, forward.features(), recipe.seed());
      loss = crossEntropy(train, logits, labels);
      correct = correctCount(train, logits, labels);
      Operand<TFloat32> objective = withWeightDecay(train, loss);

      List<Variable<TFloat32>> trainable = probe ? classifierVariables() : variables.trainable();
      List<Operand<TFloat32>> gradients = gradients(objective, trainable, null);
      // Gate on every gradient: see the class comment.
      Ops gated = tf.withControlDependencies(gradientOps(gradients));
      List<Op> updates =
          new ArrayList<>(
              OptimizerOps.apply(tf, gated, recipe, trainable, gradients, learningRate));
      updates.addAll(forward.batchNormUpdates());
      finish(updates);
      return new TrainingGraph(this);
    }

    /**
     * {@code runtime.replicas()} data-parallel replicas into this builder's graph, whose {@code tf}
     * is on {@link ResolvedRuntime#parameterDevice()}: the fed batch arrives on the host and is
     * split in equal parts, replica {@code i} computes its part's forward pass and loss on {@link
     * ResolvedRuntime#replicaDevice(int) its device} (under name scope {@code replica_<i>}), and
     * the replicas' gradients ({@code gradientPrefix}) are summed on the shared device, each of its
     * part's mean loss divided by their number, before one optimizer step.
     */
    void buildReplicated(ResolvedRuntime runtime, boolean synchronisedBatchNorm, String prefix) {
      int replicas = runtime.replicas();
      int size = network.config().imageSize();
      Ops host = tf.withDevice(runtime.hostDevice());
      images =
          host.withName("images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      labels = host.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      learningRate =
          tf.withName("learning_rate")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      step =
          host.withName("global_step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      ParameterInitializer initializer =
          ParameterInitializer.torchvision(recipe.seed())
              .withClassifierNormal(CLASSIFIER_INIT_STDDEV);
      variables = ModelVariables.create(tf, network, initializer);

      Ops split = host.withSubScope("split_batch");
      List<Operand<TFloat32>> imageParts = new ArrayList<>();
      split.split(split.constant(0), images, (long) replicas).output().forEach(imageParts::add);
      List<Operand<TInt32>> labelParts = new ArrayList<>();
      split.split(split.constant(0), labels, (long) replicas).output().forEach(labelParts::add);
      List<Ops> towers = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        towers.add(tf.withDevice(runtime.replicaDevice(i)).withSubScope(REPLICA_SCOPE + i));
      }
      Ops train = tf.withSubScope("train");
      ReplicatedForwardPass forward =
          MnasNetGraphBuilder.replicated(
              train, towers, imageParts, variables, synchronisedBatchNorm);
      List<Operand<TFloat32>> losses = new ArrayList<>();
      List<Operand<TFloat32>> corrects = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        // each replica its own dropout masks: the seed differs by the replica's index
        Operand<TFloat32> logits =
            classifier(towers.get(i), forward.features().get(i), recipe.seed() + i);
        losses.add(crossEntropy(towers.get(i), logits, labelParts.get(i)));
        corrects.add(correctCount(towers.get(i), logits, labelParts.get(i)));
      }
      // equal parts: the mean of the replicas' mean losses is the mean over the whole batch
      loss =
          train
              .withName("cross_entropy")
              .math
              .div(train.math.addN(losses), train.constant((float) replicas));
      correct = train.withName("correct").math.addN(corrects);
      List<Variable<TFloat32>> trainable = variables.trainable();
      List<Operand<TFloat32>> gradients =
          synchronisedBatchNorm
              ? gradients(withWeightDecay(train, loss), trainable, prefix)
              : summedReplicaGradients(train, towers, losses, trainable, prefix);
      Ops gated = tf.withControlDependencies(gradientOps(gradients));
      List<Op> updates =
          new ArrayList<>(
              OptimizerOps.apply(tf, gated, recipe, trainable, gradients, learningRate));
      updates.addAll(forward.batchNormUpdates());
      finish(updates);
    }

    /**
     * The gradient of the whole batch's objective as the sum of the replicas' own gradients:
     * replica {@code i}'s is that of {@code (loss_i + penalty) / N} (its part's mean loss and the
     * shared weight decay, divided by the number of replicas), computed under {@code
     * prefix/replica_<i>}, so each replica's backward pass starts as soon as its own forward pass
     * ends. One gradient of the averaged loss waits for every replica's forward pass before any
     * backward pass begins: two replicas on two cores then ran one op at a time for 6% of each
     * step, the leading replica idle while the other finished its forward pass (BENCHMARKS.md).
     * Only for per-replica BatchNorm: with synchronised statistics every replica's loss reaches
     * every replica's activations, and N gradients would each run every replica's backward pass.
     */
    private List<Operand<TFloat32>> summedReplicaGradients(
        Ops train,
        List<Ops> towers,
        List<Operand<TFloat32>> losses,
        List<Variable<TFloat32>> trainable,
        String prefix) {
      int replicas = towers.size();
      Operand<TFloat32> penalty = weightDecayPenalty(train);
      List<List<Operand<TFloat32>>> perReplica = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        Ops tower = towers.get(i).withSubScope("objective");
        Operand<TFloat32> unscaled =
            penalty == null ? losses.get(i) : tower.math.add(losses.get(i), penalty);
        Operand<TFloat32> objective = tower.math.div(unscaled, tower.constant((float) replicas));
        perReplica.add(gradients(objective, trainable, prefix + "/" + REPLICA_SCOPE + i));
      }
      Ops sum = train.withSubScope("gradient_sum");
      List<Operand<TFloat32>> gradients = new ArrayList<>();
      for (int v = 0; v < trainable.size(); v++) {
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (List<Operand<TFloat32>> replica : perReplica) {
          parts.add(replica.get(v));
        }
        gradients.add(sum.math.addN(parts));
      }
      return gradients;
    }

    /** The train step: after the updates, the moving average if the recipe keeps one. */
    private void finish(List<Op> updates) {
      if (recipe.usesEma()) {
        buildMovingAverage(updates);
      } else {
        trainStep = tf.withControlDependencies(updates).withName("train_step").noOp();
      }
    }

    /**
     * Shadow variables {@code ema.<name>} of every variable (moving statistics included, as the TPU
     * recipe does), updated after this step's weight updates: {@code shadow = decay * shadow + (1 -
     * decay) * weight}. No name sub-scope per variable (each one scans the whole graph).
     */
    private void buildMovingAverage(List<Op> updates) {
      averaged = new LinkedHashMap<>();
      Ops init = tf.withInitScope();
      Ops after = tf.withControlDependencies(updates);
      Operand<TFloat32> decay = after.constant((float) recipe.emaDecay());
      Operand<TFloat32> rest = after.constant((float) (1 - recipe.emaDecay()));
      List<Op> averaging = new ArrayList<>();
      List<Op> copies = new ArrayList<>();
      for (Map.Entry<String, Variable<TFloat32>> entry : variables.all().entrySet()) {
        Variable<TFloat32> weight = entry.getValue();
        Variable<TFloat32> shadow =
            tf.withName(EMA_PREFIX + entry.getKey())
                .variable(init.fill(init.constant(weight.shape()), init.constant(0f)));
        averaged.put(entry.getKey(), shadow);
        averaging.add(
            after.assign(
                shadow,
                after.math.add(after.math.mul(decay, shadow), after.math.mul(rest, weight))));
        copies.add(tf.assign(shadow, weight));
      }
      trainStep = tf.withControlDependencies(averaging).withName("train_step").noOp();
      copyWeightsToAverage = tf.withControlDependencies(copies).withName("ema_copy_all").noOp();
    }

    /** The dense classifier's weight and bias. */
    private List<Variable<TFloat32>> classifierVariables() {
      Linear linear = (Linear) network.layers().get(network.layers().size() - 1);
      return List.of(variables.get(linear.weightName()), variables.get(linear.biasName()));
    }

    /** Dropout (stateless, keyed on the step) then the model's dense classifier. */
    private Operand<TFloat32> classifier(Ops train, Operand<TFloat32> features, long seed) {
      Linear linear = (Linear) network.layers().get(network.layers().size() - 1);
      Ops scope = train.withSubScope("classifier_dropout");
      Operand<TFloat32> dropped =
          StatelessDropout.apply(scope, features, recipe.dropout(), seed, step);
      Ops head = train.withSubScope("classifier_head");
      return head.nn.biasAdd(
          head.linalg.matMul(dropped, variables.get(linear.weightName())),
          variables.get(linear.biasName()));
    }

    private Operand<TFloat32> crossEntropy(
        Ops train, Operand<TFloat32> logits, Operand<TInt32> labels) {
      Ops scope = train.withSubScope("loss");
      int classes = network.config().numClasses();
      float smoothing = (float) recipe.labelSmoothing();
      // smoothed one-hot: 1 - eps + eps/K on the true class, eps/K elsewhere
      Operand<TFloat32> targets =
          scope.oneHot(
              labels,
              scope.constant(classes),
              scope.constant(1f - smoothing + smoothing / classes),
              scope.constant(smoothing / classes));
      Operand<TFloat32> perImage = scope.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
      return scope.withName("cross_entropy").math.mean(perImage, scope.constant(0));
    }

    private Operand<TFloat32> correctCount(
        Ops train, Operand<TFloat32> logits, Operand<TInt32> labels) {
      Ops scope = train.withSubScope("accuracy");
      Operand<TFloat32> hits =
          scope.dtypes.cast(scope.nn.inTopK(logits, labels, scope.constant(1)), TFloat32.class);
      return scope.withName("correct").reduceSum(hits, scope.constant(0));
    }

    private Operand<TFloat32> withWeightDecay(Ops train, Operand<TFloat32> crossEntropy) {
      Operand<TFloat32> penalty = weightDecayPenalty(train);
      if (penalty == null) {
        return crossEntropy;
      }
      return train.withName("objective").math.add(crossEntropy, penalty);
    }

    /** {@code weightDecay * sum(w^2) / 2} over the kernels; {@code null} without weight decay. */
    private Operand<TFloat32> weightDecayPenalty(Ops train) {
      if (recipe.weightDecay() == 0) {
        return null;
      }
      Ops scope = train.withSubScope("weight_decay");
      List<Operand<TFloat32>> squares = new ArrayList<>();
      for (Variable<TFloat32> kernel : variables.withWeightDecay()) {
        squares.add(scope.nn.l2Loss(kernel)); // sum(w^2) / 2
      }
      return scope.math.mul(scope.constant((float) recipe.weightDecay()), scope.math.addN(squares));
    }

    @SuppressWarnings("unchecked")
    private List<Operand<TFloat32>> gradients(
        Operand<TFloat32> objective, List<Variable<TFloat32>> trainable, String prefix) {
      Output<?>[] targets = new Output<?>[trainable.size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = trainable.get(i).asOutput();
      }
      Graph graph = (Graph) tf.scope().env();
      Output<?>[] gradients =
          graph.addGradients(prefix, new Output<?>[] {objective.asOutput()}, targets, null);
      List<Operand<TFloat32>> result = new ArrayList<>();
      for (int i = 0; i < gradients.length; i++) {
        if (gradients[i] == null) {
          throw new IllegalStateException(
              "no gradient reaches " + trainable.get(i).op().name() + "; is it used by the loss?");
        }
        result.add((Output<TFloat32>) gradients[i]);
      }
      return result;
    }

    /** An op per gradient to hang control dependencies on. */
    private List<Op> gradientOps(List<Operand<TFloat32>> gradients) {
      Ops scope = tf.withSubScope("gradients_ready");
      List<Op> ops = new ArrayList<>();
      for (Operand<TFloat32> gradient : gradients) {
        ops.add(scope.identity(gradient));
      }
      return ops;
    }
  }
}
