package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

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
