package io.mnasnet.trainer.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotsTest {

  @TempDir Path runDir;

  @Test
  void rendersDecodablePngsOfTheExpectedSizeFromALog() throws Exception {
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDir)) {
      long stepsPerEpoch = 50;
      for (int epoch = 1; epoch <= 4; epoch++) {
        for (long s = 9; s < stepsPerEpoch; s += 10) {
          long step = (epoch - 1) * stepsPerEpoch + s;
          double lr = step < 50 ? 0.1 * step / 50 : 0.1 * Math.pow(0.5, epoch - 1);
          log.append(
              new StepRecord(
                  step, (step + 1) / (double) stepsPerEpoch, 2.3 / epoch, lr, 800, 0.05));
        }
        log.append(
            new EpochRecord(
                epoch,
                2.0 / epoch,
                0.5 + 0.1 * epoch,
                0.9,
                2.1 / epoch,
                0.45 + 0.1 * epoch,
                0.88 + 0.02 * epoch,
                0.1 * Math.pow(0.5, epoch - 1),
                800,
                0.05,
                30));
      }
    }

    List<Path> pngs = TrainingPlots.renderRunDirectory(runDir);

    assertThat(pngs)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("loss.png", "accuracy.png", "learning-rate.png");
    for (Path png : pngs) {
      assertThat(Files.size(png)).isGreaterThan(5_000);
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(TrainingPlots.WIDTH);
      assertThat(image.getHeight()).isEqualTo(TrainingPlots.HEIGHT);
      assertThat(distinctColours(image)).as("a real chart, not a blank canvas").isGreaterThan(10);
    }
    assertThat(Files.list(runDir)).noneMatch(p -> p.toString().endsWith(".tmp"));
  }

  @Test
  void rendersWithoutValidationOrStepRecords() throws Exception {
    RunLog onlyTraining =
        new RunLog(
            List.of(),
            List.of(
                new EpochRecord(1, 1.0, null, null, null, null, null, 0.1, 10, 0, 1),
                new EpochRecord(2, 0.8, null, null, null, null, null, 0.1, 10, 0, 1)));
    assertThat(TrainingPlots.render(onlyTraining, runDir)).hasSize(3).allMatch(Files::exists);
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
