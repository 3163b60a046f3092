package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.ImagePipelines;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.ParameterRole;
import io.mnasnet.trainer.model.ParameterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Data-parallel replicas change where a step is computed, not what it computes.
 *
 * <p>On the CPU with two virtual devices ({@code device_count {CPU: 2}}, made by {@link
 * ResolvedRuntime#withReplicas}), two replicas of 16 images with synchronised BatchNorm make the
 * same update as one replica of 32: every variable after one step (weights, BatchNorm moving
 * statistics, momentum slots, moving average), from the trained torchvision fixture's weights on a
 * batch of Fashion-MNIST.
 *
 * <p>"The same" within float32 error, bounded per tensor by {@code 4 x reordering + 1.8e-4 x scale
 * + 2 ulp(value)}. Two replicas compute the same sums as one in another order (each half's
 * BatchNorm statistics and gradients summed separately, then combined; the synchronised BatchNorm
 * in elementwise ops instead of the fused kernel). How much another order moves this update is
 * measured in the same run, on the same machine, by one replica on the same 32 images in reverse
 * order, mathematically the same step ({@code reordering}, per tensor): BatchNorm's backward pass
 * subtracts nearly equal terms, so rounding differences of one part in 10^7 grow to up to 1% of
 * some tensors' changes (measured). Two replicas may differ by 4 times that, another order being
 * another draw of rounding. The fixed terms cover tensors whose change is rounding alone: a
 * reordered float32 tree sum of up to 2^14 terms moves by 14 roundings of 2^-23 relative to its
 * terms, through 2 x 53 layers (MnasNet-B1's weight layers, forward and backward) = 1.8e-4 of the
 * terms' magnitude ({@code scale}: the tensor's largest change for kernels; the larger of gamma's
 * and beta's for a BatchNorm, whose beta before another BatchNorm has a gradient of exactly zero;
 * the momentum times the spread or the variance for moving statistics; slots and moving averages as
 * their variable), and {@code 2 ulp} the rounding of storing each result.
 *
 * <p>A per-replica BatchNorm (the default, as PyTorch's {@code DataParallel}) normalises each half
 * with its own statistics, another function: it must, and does, land far outside that bound.
 *
 * <p>Without a GPU, the placement is checked on the graph: built for a two-GPU host, every op of
 * replica {@code i}'s forward and backward pass carries {@code /device:GPU:i}, the variables and
 * updates {@code /device:GPU:0}, the fed batch {@code /device:CPU:0}.
 */
class ReplicatedTrainingGraphTest {

  /** Rounding of a reordered sum through the network, relative to its terms (see above). */
  static final double TOLERANCE = 2 * 53 * 14 * Math.pow(2, -23);

  /** How many times the reordered batch's difference two replicas may differ by (see above). */
  static final double REORDERINGS = 4;

  private static final int BATCH = 32;
  private static final double RATE = 0.1;
  private static Batch batch;
  private static ModelWeights trained;

  @BeforeAll
  static void loadABatch(@TempDir Path work) throws Exception {
    trained =
        PretrainedWeights.read(
            TorchvisionFixture.copy("weights.safetensors", work),
            0.5,
            32,
            ResolvedRuntime.cpuOnly());
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(
            TrainingData.samples(FashionMnist.loadSample()),
            ImagePipelines.fashionMnistTrain(3),
            BatchPlan.sequential(BATCH, BATCH, 5),
            1,
            1)) {
      batch = loader.next();
    }
  }

  private static TrainingRecipe recipe() {
    // no dropout: its masks are drawn per replica, so they cannot match one replica's
    return TrainingRecipe.builder().batchSize(BATCH).dropout(0).emaDecay(0.9).build();
  }

  @Test
  void twoReplicasWithSynchronisedBatchNormMakeTheUpdateOfOne() {
    ResolvedRuntime cpu = ResolvedRuntime.cpu(RuntimeOptions.on(Device.CPU));
    List<Map<String, float[][]>> oneReplica = steps(cpu, false, batch, reversed(batch));
    Map<String, float[][]> one = oneReplica.get(0);
    Map<String, Double> reordering = differences(one, oneReplica.get(1));
    Map<String, Double> used = boundUsed(one, step(cpu.withReplicas(2), true, batch), reordering);
    report("2 replicas, synchronised BatchNorm", used);
    assertThat(used.keySet()).containsAll(one.keySet());
    used.forEach(
        (name, fraction) -> assertThat(fraction).as("%s: share of its bound", name).isLessThan(1));

    Map<String, Double> perReplica =
        boundUsed(one, step(cpu.withReplicas(2), false, batch), reordering);
    report("2 replicas, per-replica BatchNorm", perReplica);
    assertThat(perReplica.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .as("per-replica statistics are another function: the bound must tell them apart")
        .isGreaterThan(10);
  }

  /**
   * Per-replica BatchNorm, where each replica takes its own gradient: two replicas each given the
   * same 16 images make the update of one replica on those 16 (the same statistics, the mean of two
   * equal gradients, the weight decay counted once, the moving statistics the mean of two equal
   * blends), within the bound above with one replica on those images reversed as the reordering.
   */
  @Test
  void twoReplicasOnTheSameHalfMakeTheUpdateOfOneOnIt() {
    ResolvedRuntime cpu = ResolvedRuntime.cpu(RuntimeOptions.on(Device.CPU));
    Batch half = firstHalf(batch);
    List<Map<String, float[][]>> oneReplica = steps(cpu, false, half, reversed(half));
    Map<String, float[][]> one = oneReplica.get(0);
    Map<String, Double> reordering = differences(one, oneReplica.get(1));
    Map<String, Double> used =
        boundUsed(one, step(cpu.withReplicas(2), false, twice(half)), reordering);
    report("2 replicas, per-replica BatchNorm, each on the same 16 images", used);
    assertThat(used.keySet()).containsAll(one.keySet());
    used.forEach(
        (name, fraction) -> assertThat(fraction).as("%s: share of its bound", name).isLessThan(1));
  }

  private static Batch firstHalf(Batch batch) {
    int size = batch.size() / 2;
    int per = batch.images().length / batch.size();
    return new Batch(
        batch.index(),
        size,
        batch.height(),
        batch.width(),
        batch.channels(),
        Arrays.copyOf(batch.images(), size * per),
        Arrays.copyOf(batch.labels(), size));
  }

  /** The batch followed by itself: a replica per copy. */
  private static Batch twice(Batch batch) {
    float[] images = Arrays.copyOf(batch.images(), 2 * batch.images().length);
    System.arraycopy(batch.images(), 0, images, batch.images().length, batch.images().length);
    int[] labels = Arrays.copyOf(batch.labels(), 2 * batch.size());
    System.arraycopy(batch.labels(), 0, labels, batch.size(), batch.size());
    return new Batch(
        batch.index(),
        2 * batch.size(),
        batch.height(),
        batch.width(),
        batch.channels(),
        images,
        labels);
  }

  /** The same images and labels in reverse order. */
  private static Batch reversed(Batch batch) {
    int size = batch.size();
    int per = batch.images().length / size;
    float[] images = new float[batch.images().length];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      System.arraycopy(batch.images(), i * per, images, (size - 1 - i) * per, per);
      labels[size - 1 - i] = batch.labels()[i];
    }
    return new Batch(
        batch.index(), size, batch.height(), batch.width(), batch.channels(), images, labels);
  }

  @Test
  void eachReplicasForwardAndBackwardPassIsOnItsOwnGpu() {
    ResolvedRuntime gpus = new ResolvedRuntime(RuntimeOptions.on(Device.GPU), true, 2);
    try (Graph graph = new Graph()) {
      TrainingGraph.build(graph, gpus, MnasNetConfig.of(0.5, 10, 32), recipe(), false);
      Map<String, String> devices = new LinkedHashMap<>();
      for (NodeDef node : graph.toGraphDef().getNodeList()) {
        devices.put(node.getName(), node.getDevice());
      }
      assertThat(devices.get("images")).isEqualTo("/device:CPU:0");
      assertThat(devices.get("labels")).isEqualTo("/device:CPU:0");
      assertThat(devices.get("layers.0.weight")).isEqualTo("/device:GPU:0");
      assertThat(devices.get("classifier.1.weight.momentum")).isEqualTo("/device:GPU:0");
      // the heavy ops of both passes, by replica
      Set<String> heavy =
          Set.of(
              "Conv2D",
              "DepthwiseConv2dNative",
              "FusedBatchNormV3",
              "Conv2DBackpropInput",
              "Conv2DBackpropFilter",
              "DepthwiseConv2dNativeBackpropInput",
              "DepthwiseConv2dNativeBackpropFilter",
              "FusedBatchNormGradV3",
              "ReluGrad");
      Map<String, Map<String, Integer>> byType = new TreeMap<>();
      for (NodeDef node : graph.toGraphDef().getNodeList()) {
        if (heavy.contains(node.getOp())) {
          byType
              .computeIfAbsent(node.getOp(), k -> new TreeMap<>())
              .merge(node.getDevice(), 1, Integer::sum);
        }
      }
      assertThat(byType.keySet()).isEqualTo(heavy);
      byType.forEach(
          (type, count) -> {
            assertThat(count.keySet()).as(type).containsExactly("/device:GPU:0", "/device:GPU:1");
            assertThat(count.get("/device:GPU:1")).as(type).isEqualTo(count.get("/device:GPU:0"));
          });
      // and no op of replica 1's forward pass or of its own gradient is left to TensorFlow's
      // default (the first GPU)
      String ownGradient =
          ReplicatedTrainingGraph.GRADIENTS + "/" + TrainingGraph.REPLICA_SCOPE + "1/";
      Map<String, Integer> gradientDevices = new TreeMap<>();
      for (NodeDef node : graph.toGraphDef().getNodeList()) {
        if (node.getName().startsWith(TrainingGraph.REPLICA_SCOPE + "1/")) {
          assertThat(node.getDevice()).as(node.getName()).isEqualTo("/device:GPU:1");
        }
        if (node.getName().startsWith(ownGradient)) {
          gradientDevices.merge(node.getDevice(), 1, Integer::sum);
        }
      }
      assertThat(gradientDevices).containsOnlyKeys("/device:GPU:1");
    }
  }

  /** The variables' values before and after one step on the batch: name -> {before, after}. */
  private static Map<String, float[][]> step(
      ResolvedRuntime runtime, boolean synchronised, Batch batch) {
    return steps(runtime, synchronised, batch).get(0);
  }

  /**
   * One step on each batch, every one from the same starting point (the variables are reset between
   * them): for each batch, the variables' values before and after, name -> {before, after}. One
   * graph for several batches, because building one is what takes the time.
   */
  private static List<Map<String, float[][]>> steps(
      ResolvedRuntime runtime, boolean synchronised, Batch... batches) {
    try (Graph graph = new Graph()) {
      TrainingGraph model =
          TrainingGraph.build(
              graph, runtime, MnasNetConfig.of(0.5, 10, 32), recipe(), synchronised);
      List<String> names = variableNames(graph);
      Ops tf = Ops.create(graph);
      List<Placeholder<TFloat32>> resetValues = new ArrayList<>();
      List<Op> resets = new ArrayList<>();
      for (String name : names) {
        Output<TFloat32> variable = graph.operation(name).output(0);
        Placeholder<TFloat32> value =
            tf.withName("reset_value." + name)
                .placeholder(TFloat32.class, Placeholder.shape(variable.shape()));
        resetValues.add(value);
        resets.add(tf.withName("reset." + name).assign(variable, value));
      }
      try (Session session = runtime.session(graph)) {
        assertThat(WeightAssignment.assign(session, model.variables(), trained)).isEmpty();
        session.run(model.copyWeightsToAverage());
        List<float[]> before = fetch(session, names);
        List<Map<String, float[][]>> results = new ArrayList<>();
        for (Batch batch : batches) {
          if (!results.isEmpty()) {
            reset(session, names, resetValues, resets, before);
          }
          try (TFloat32 images =
                  TFloat32.tensorOf(
                      Shape.of(batch.shape()), DataBuffers.of(batch.images(), true, false));
              TInt32 labels = TInt32.vectorOf(batch.labels());
              TFloat32 rate = TFloat32.scalarOf((float) RATE);
              TInt64 step = TInt64.scalarOf(0)) {
            session
                .runner()
                .feed(model.images(), images)
                .feed(model.labels(), labels)
                .feed(model.learningRate(), rate)
                .feed(model.step(), step)
                .addTarget(model.trainStep())
                .run()
                .close();
          }
          List<float[]> after = fetch(session, names);
          Map<String, float[][]> values = new TreeMap<>();
          for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), new float[][] {before.get(i), after.get(i)});
          }
          results.add(values);
        }
        return results;
      }
    }
  }

  private static void reset(
      Session session,
      List<String> names,
      List<Placeholder<TFloat32>> values,
      List<Op> resets,
      List<float[]> before) {
    Session.Runner runner = session.runner();
    List<TFloat32> fed = new ArrayList<>();
    try {
      for (int i = 0; i < names.size(); i++) {
        TFloat32 tensor =
            TFloat32.tensorOf(values.get(i).shape(), DataBuffers.of(before.get(i), true, false));
        fed.add(tensor);
        runner.feed(values.get(i), tensor).addTarget(resets.get(i));
      }
      runner.run().close();
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  private static List<String> variableNames(Graph graph) {
    List<String> names = new ArrayList<>();
    graph
        .operations()
        .forEachRemaining(
            (Operation op) -> {
              if (op.type().equals("VariableV2")) {
                names.add(op.name());
              }
            });
    return names;
  }

  private static List<float[]> fetch(Session session, List<String> names) {
    Session.Runner runner = session.runner();
    names.forEach(runner::fetch);
    List<float[]> values = new ArrayList<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        Tensor tensor = result.get(i);
        float[] value = new float[(int) tensor.shape().size()];
        ((TFloat32) tensor).copyTo(DataBuffers.of(value, false, false));
        values.add(value);
      }
    }
    return values;
  }

  /** Per variable: {@code max |change_a - change_b|}. */
  private static Map<String, Double> differences(
      Map<String, float[][]> a, Map<String, float[][]> b) {
    Map<String, Double> out = new TreeMap<>();
    for (var entry : a.entrySet()) {
      float[][] x = entry.getValue();
      float[][] y = b.get(entry.getKey());
      // Arrays.equals: AssertJ's containsExactly on millions of floats took most of the test
      assertThat(Arrays.equals(y[0], x[0])).as("%s starts equal", entry.getKey()).isTrue();
      double difference = 0;
      for (int i = 0; i < x[0].length; i++) {
        difference =
            Math.max(
                difference, Math.abs(((double) x[1][i] - x[0][i]) - ((double) y[1][i] - y[0][i])));
      }
      out.put(entry.getKey(), difference);
    }
    return out;
  }

  /**
   * Per variable: {@code max |change_a - change_b|} as a share of its bound (see the class
   * comment).
   */
  private static Map<String, Double> boundUsed(
      Map<String, float[][]> a, Map<String, float[][]> b, Map<String, Double> reordering) {
    TrainingRecipe recipe = recipe();
    Map<String, ParameterRole> roles = new TreeMap<>();
    for (ParameterSpec spec : MnasNetB1.network(MnasNetConfig.of(0.5, 10, 32)).parameters()) {
      roles.put(spec.name(), spec.role());
    }
    Map<String, Double> out = new TreeMap<>();
    for (var entry : a.entrySet()) {
      float[][] x = entry.getValue();
      float[][] y = b.get(entry.getKey());
      assertThat(y).as(entry.getKey()).isNotNull();
      // Arrays.equals: AssertJ's containsExactly on millions of floats took most of the test
      assertThat(Arrays.equals(y[0], x[0])).as("%s starts equal", entry.getKey()).isTrue();
      double difference = 0;
      double magnitude = 0;
      for (int i = 0; i < x[0].length; i++) {
        double changeA = (double) x[1][i] - x[0][i];
        double changeB = (double) y[1][i] - y[0][i];
        difference = Math.max(difference, Math.abs(changeA - changeB));
        magnitude = Math.max(magnitude, Math.max(Math.abs(x[0][i]), Math.abs(x[1][i])));
      }
      double bound =
          REORDERINGS * reordering.get(entry.getKey())
              + TOLERANCE * scale(entry.getKey(), a, roles, recipe)
              + 2 * magnitude * Math.pow(2, -23);
      out.put(entry.getKey(), difference / bound);
    }
    return out;
  }

  /** The magnitude of the terms behind a tensor's change (see the class comment). */
  private static double scale(
      String name,
      Map<String, float[][]> values,
      Map<String, ParameterRole> roles,
      TrainingRecipe recipe) {
    if (name.startsWith(TrainingGraph.EMA_PREFIX)) {
      // the shadow starts equal to the weight: it moves by (1 - decay) of the weight's change
      String weight = name.substring(TrainingGraph.EMA_PREFIX.length());
      return (1 - recipe.emaDecay()) * scale(weight, values, roles, recipe);
    }
    if (name.endsWith(".momentum")) {
      // first step: the slot becomes the gradient g, the weight moves by lr * (1 + momentum) * g
      String weight = name.substring(0, name.length() - ".momentum".length());
      return scale(weight, values, roles, recipe) / (RATE * (1 + recipe.momentum()));
    }
    ParameterRole role = roles.get(name);
    assertThat(role).as("role of %s", name).isNotNull();
    String layer = name.substring(0, name.lastIndexOf('.'));
    double momentum = recipe.batchNormMomentum();
    return switch (role) {
      case BATCH_NORM_GAMMA, BATCH_NORM_BETA ->
          Math.max(
              largestChange(values.get(layer + ".weight")),
              largestChange(values.get(layer + ".bias")));
      case BATCH_NORM_MOVING_MEAN ->
          momentum * Math.sqrt(largest(values.get(layer + ".running_var")[0]));
      case BATCH_NORM_MOVING_VARIANCE -> momentum * largest(values.get(layer + ".running_var")[0]);
      default -> largestChange(values.get(name));
    };
  }

  private static double largestChange(float[][] beforeAfter) {
    double largest = 0;
    for (int i = 0; i < beforeAfter[0].length; i++) {
      largest = Math.max(largest, Math.abs((double) beforeAfter[1][i] - beforeAfter[0][i]));
    }
    return largest;
  }

  private static double largest(float[] values) {
    double largest = 0;
    for (float v : values) {
      largest = Math.max(largest, Math.abs(v));
    }
    return largest;
  }

  private static void report(String what, Map<String, Double> differences) {
    var worst = differences.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%s vs 1 replica: the worst of %d variables (%s) uses %.3g of its bound%n",
        what,
        differences.size(),
        worst.getKey(),
        worst.getValue());
  }
}
