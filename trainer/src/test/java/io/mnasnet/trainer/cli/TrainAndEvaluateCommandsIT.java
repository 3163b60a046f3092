package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.trainer.runlog.RunLog;
import io.mnasnet.trainer.training.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code train}, {@code evaluate} and {@code plot} commands end to end on a small image folder
 * (three colour classes), fine-tuning from the torchvision Fashion-MNIST weights: the 10-class
 * classifier is replaced by a 3-class one, the run exports a SavedModel, and {@code evaluate
 * --json} reads it back.
 */
class TrainAndEvaluateCommandsIT {

  @TempDir Path temp;

  @Test
  void fineTunesOnAnImageFolderExportsAndEvaluates() throws Exception {
    Path data = temp.resolve("colours");
    writeColourClasses(data, 16);
    Path weights =
        Path.of(
            getClass()
                .getResource("/fixtures/torchvision-mnasnet0_5-fmnist/weights.safetensors")
                .toURI());
    Path run = temp.resolve("run");

    int trained =
        new CommandLine(new TrainCommand())
            .execute(
                "--dataset",
                "imagefolder",
                "--data-dir",
                data.toString(),
                "--val-fraction",
                "0.25",
                "--init-from",
                weights.toString(),
                "--width",
                "0.5",
                "--image-size",
                "32",
                "--epochs",
                "2",
                "--batch-size",
                "8",
                "--lr",
                "0.02",
                "--log-every",
                "2",
                "--threads",
                "2",
                "--device",
                "cpu",
                "--quiet",
                "--run-dir",
                run.toString());

    assertThat(trained).isZero();
    RunDirectory directory = new RunDirectory(run);
    assertThat(directory.readRun().command()).startsWith("train").contains("--init-from");
    assertThat(RunLog.readRunDirectory(run).epochs()).hasSize(2);
    assertThat(ModelMetadataFile.read(directory.model()).labels())
        .containsExactly("blue", "green", "red");
    assertThat(ModelMetadataFile.read(directory.model()).preprocessing().resize())
        .isEqualTo("resize-center-crop");

    StringWriter out = new StringWriter();
    int evaluated =
        new CommandLine(new EvaluateCommand())
            .setOut(new PrintWriter(out))
            .execute(
                "--model",
                directory.model().toString(),
                "--dataset",
                "imagefolder",
                "--data-dir",
                data.toString(),
                "--limit",
                "30",
                "--json");
    assertThat(evaluated).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("n").asLong()).isEqualTo(30);
    assertThat(json.get("top1").asDouble()).isBetween(0.0, 1.0);
    assertThat(json.get("top5").asDouble()).isEqualTo(1.0); // 3 classes: always within top 5

    StringWriter plotted = new StringWriter();
    assertThat(
            new CommandLine(new PlotCommand())
                .setOut(new PrintWriter(plotted))
                .execute(run.toString()))
        .isZero();
    assertThat(plotted.toString()).contains("loss.png", "accuracy.png", "learning-rate.png");
  }

  /** {@code perClass} noisy 40x40 images each of mostly red, green and blue. */
  private static void writeColourClasses(Path root, int perClass) throws Exception {
    Random random = new Random(3);
    List<String> names = List.of("red", "green", "blue");
    for (int c = 0; c < 3; c++) {
      Path dir = Files.createDirectories(root.resolve(names.get(c)));
      for (int i = 0; i < perClass; i++) {
        byte[] pixels = new byte[40 * 40 * 3];
        for (int p = 0; p < 40 * 40; p++) {
          for (int k = 0; k < 3; k++) {
            int base = k == c ? 200 : 40;
            pixels[3 * p + k] = (byte) Math.max(0, Math.min(255, base + random.nextInt(41) - 20));
          }
        }
        Files.write(
            dir.resolve(i + ".png"), ImageEncoding.encodePng(DecodedImage.rgb(40, 40, pixels)));
      }
    }
  }
}
