package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.ImagePipelines;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.model.MnasNetConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph on one fixed batch of real images: both optimizers fit it, dropout depends on
 * the fed step and nothing else, and the loss starts near ln(10) (the classifier starts small).
 */
class TrainingGraphTest {

  private static Batch batch;

  @BeforeAll
  static void loadABatch() throws Exception {
    BatchPlan plan = BatchPlan.sequential(64, 64, 0);
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(
            TrainingData.samples(FashionMnist.loadSample()),
            ImagePipelines.fashionMnistEval(3),
            plan,
            1,
            1)) {
      batch = loader.next();
    }
  }

  @Test
  void sgdWithNesterovAndRmsPropBothFitAFixedBatch() {
    for (OptimizerKind optimizer : OptimizerKind.values()) {
      TrainingRecipe recipe =
          TrainingRecipe.builder()
              .optimizer(optimizer)
              .dropout(0)
              .labelSmoothing(0)
              .batchSize(64)
              .build();
      // RMSProp starts its mean square at 1 (TF1), so its first steps are about lr * gradient
      double rate = 0.05;
      List<Float> losses = train(recipe, rate, 12);
      assertThat(losses.get(0))
          .as("initial loss with %s", optimizer)
          .isBetween(2.0f, 2.6f); // ~ln 10
      assertThat(losses.get(losses.size() - 1))
          .as("loss after 12 steps of %s: %s", optimizer, losses)
          .isLessThan(losses.get(0) * 0.75f);
    }
  }

  @Test
  void dropoutMasksDependOnlyOnTheFedStep() {
    TrainingRecipe recipe = TrainingRecipe.builder().dropout(0.5).batchSize(64).build();
    try (Graph graph = new Graph()) {
      TrainingGraph model =
          TrainingGraph.build(Ops.create(graph), MnasNetConfig.of(0.5, 10, 32), recipe);
      try (Session session = new Session(graph)) {
        // the loss alone (no update step): a function of the weights, the batch and the step
        float first = loss(session, model, 5);
        float again = loss(session, model, 5);
        float other = loss(session, model, 6);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
      }
    }
  }

  @Test
  void aLinearProbeMovesOnlyTheClassifier() {
    TrainingRecipe recipe =
        TrainingRecipe.builder().trainOnly(TrainableLayers.CLASSIFIER).batchSize(64).build();
    List<String> watched =
        List.of(
            "layers.0.weight", "layers.1.running_mean", "layers.1.weight", "classifier.1.weight");
    try (Graph graph = new Graph()) {
      TrainingGraph model =
          TrainingGraph.build(Ops.create(graph), MnasNetConfig.of(0.5, 10, 32), recipe);
      try (Session session = new Session(graph)) {
        java.util.Map<String, org.tensorflow.op.core.Variable<TFloat32>> variables =
            new java.util.LinkedHashMap<>();
        watched.forEach(name -> variables.put(name, model.variables().get(name)));
        var before = WeightAssignment.fetch(session, variables);
        for (int step = 0; step < 3; step++) {
          try (TFloat32 images = images();
              TInt32 labels = TInt32.vectorOf(batch.labels());
              TFloat32 lr = TFloat32.scalarOf(0.1f);
              TInt64 s = TInt64.scalarOf(step);
              Result result =
                  session
                      .runner()
                      .feed(model.images(), images)
                      .feed(model.labels(), labels)
                      .feed(model.learningRate(), lr)
                      .feed(model.step(), s)
                      .addTarget(model.trainStep())
                      .fetch(model.loss())
                      .run()) {
            assertThat(((TFloat32) result.get(0)).getFloat()).isFinite();
          }
        }
        var after = WeightAssignment.fetch(session, variables);
        assertThat(after.get("layers.0.weight"))
            .as("backbone kernel")
            .isEqualTo(before.get("layers.0.weight"));
        assertThat(after.get("layers.1.weight"))
            .as("BatchNorm gamma")
            .isEqualTo(before.get("layers.1.weight"));
        assertThat(after.get("layers.1.running_mean"))
            .as("BatchNorm moving mean")
            .isEqualTo(before.get("layers.1.running_mean"));
        assertThat(after.get("classifier.1.weight"))
            .as("classifier")
            .isNotEqualTo(before.get("classifier.1.weight"));
      }
    }
  }

  private static List<Float> train(TrainingRecipe recipe, double rate, int steps) {
    List<Float> losses = new ArrayList<>();
    try (Graph graph = new Graph()) {
      TrainingGraph model =
          TrainingGraph.build(Ops.create(graph), MnasNetConfig.of(0.5, 10, 32), recipe);
      try (Session session = new Session(graph)) {
        for (int step = 0; step < steps; step++) {
          try (TFloat32 images = images();
              TInt32 labels = TInt32.vectorOf(batch.labels());
              TFloat32 lr = TFloat32.scalarOf((float) rate);
              TInt64 s = TInt64.scalarOf(step);
              Result result =
                  session
                      .runner()
                      .feed(model.images(), images)
                      .feed(model.labels(), labels)
                      .feed(model.learningRate(), lr)
                      .feed(model.step(), s)
                      .addTarget(model.trainStep())
                      .fetch(model.loss())
                      .run()) {
            losses.add(((TFloat32) result.get(0)).getFloat());
          }
        }
      }
    }
    return losses;
  }

  private static float loss(Session session, TrainingGraph model, long step) {
    try (TFloat32 images = images();
        TInt32 labels = TInt32.vectorOf(batch.labels());
        TInt64 s = TInt64.scalarOf(step);
        Result result =
            session
                .runner()
                .feed(model.images(), images)
                .feed(model.labels(), labels)
                .feed(model.step(), s)
                .fetch(model.loss())
                .run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  private static TFloat32 images() {
    return TFloat32.tensorOf(Shape.of(batch.shape()), DataBuffers.of(batch.images(), true, false));
  }
}
