package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.augment.MetadataPipeline;
import io.mnasnet.trainer.cli.TrainerCommands;
import io.mnasnet.trainer.data.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The pretrained model that ships with the project ({@code models/fashion-mnist/mnasnet0_5/1/},
 * trained by this trainer on the 60,000 Fashion-MNIST training images) loads, describes itself, and
 * classifies the committed 1,000-image test sample at 90% top-1 or better.
 */
class ShippedModelIT {

  /** The shipped model, relative to the repository root. */
  static final Path MODEL =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../models/fashion-mnist/mnasnet0_5/1")
          .normalize();

  @Test
  void scoresAtLeastNinetyPercentOnTheCommittedTestSample() throws Exception {
    try (TrainedModel model = TrainedModel.open(MODEL)) {
      ModelMetadata metadata = model.metadata();
      assertThat(metadata.name()).isEqualTo("mnasnet0_5-fashion-mnist");
      assertThat(metadata.width()).isEqualTo(0.5);
      assertThat(metadata.labels()).isEqualTo(FashionMnist.CLASS_NAMES);
      assertThat(metadata.preprocessing()).isEqualTo(TrainingData.fashionMnistPreprocessing());

      EvaluationResult result =
          new Evaluator(250, 2)
              .evaluate(
                  TrainingData.samples(FashionMnist.loadSample()),
                  MetadataPipeline.of(metadata.preprocessing()),
                  10,
                  model);

      assertThat(result.images()).isEqualTo(FashionMnist.SAMPLE_SIZE);
      assertThat(result.top1()).isGreaterThanOrEqualTo(0.90);
      assertThat(result.top5()).isGreaterThan(result.top1());
    }
  }

  @Test
  void servesAsPretrainedWeightsForFineTuning() throws Exception {
    // --init-from reads a SavedModel's variables; the inference graph built from them scores like
    // the SavedModel itself
    var weights = PretrainedWeights.read(MODEL, 0.5, 32);
    assertThat(weights.network().config().numClasses()).isEqualTo(10);
    try (InferenceGraph graph = new InferenceGraph(weights.network());
        TrainedModel model = TrainedModel.open(MODEL)) {
      graph.load(weights);
      var samples = TrainingData.samples(FashionMnist.loadSample());
      var preprocessing = MetadataPipeline.of(model.metadata().preprocessing());
      EvaluationResult fromWeights =
          new Evaluator(250, 2).evaluate(samples, preprocessing, 10, graph::logits);
      EvaluationResult fromSavedModel =
          new Evaluator(250, 2).evaluate(samples, preprocessing, 10, model);
      assertThat(fromWeights.top1()).isEqualTo(fromSavedModel.top1());
      assertThat(fromWeights.loss()).isCloseTo(fromSavedModel.loss(), within(1e-5));
    }
  }

  @Test
  void evaluateCommandPrintsTheSameNumbersAsJson() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new Root());
    TrainerCommands.commands().forEach(commandLine::addSubcommand);
    commandLine.setOut(new PrintWriter(out)); // after adding: applies to the subcommands
    int exit =
        commandLine.execute(
            "evaluate",
            "--model",
            MODEL.toString(),
            "--data-dir",
            FashionMnist.DEFAULT_DIR.toString(),
            "--limit",
            "1000",
            "--json");
    assertThat(exit).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("n").asLong()).isEqualTo(1000);
    // the first 1,000 official test images are exactly the committed sample
    assertThat(json.get("top1").asDouble()).isGreaterThanOrEqualTo(0.90);
  }

  @picocli.CommandLine.Command(name = "mnasnet")
  private static final class Root implements Runnable {
    @Override
    public void run() {}
  }
}
