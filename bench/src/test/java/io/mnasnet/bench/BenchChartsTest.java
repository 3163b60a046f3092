package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchChartsTest {

  @TempDir Path dir;

  /** A full `bench train` report (the idle run committed in bench/results/issue23-train-idle). */
  private static BenchReport trainReport() throws Exception {
    try (InputStream in = BenchChartsTest.class.getResourceAsStream("/reports/train-idle.json")) {
      return BenchJson.mapper().readValue(in, BenchReport.class);
    }
  }

  @Test
  void trainingChartShowsBothShapesOnALogAxisWithEveryConfigurationNamed() throws Exception {
    BenchReport report = trainReport();
    JFreeChart chart = BenchCharts.trainChart(report.train());
    CategoryPlot plot = chart.getCategoryPlot();

    // 1,911 images/s at 32x32 and 33.9 at 224x224: on a linear axis the 224 bars were a few pixels
    assertThat(plot.getRangeAxis()).isInstanceOf(LogAxis.class);
    assertThat(plot.getRangeAxis().getRange().getLowerBound()).isLessThan(23.9);
    assertThat(plot.getRangeAxis().getRange().getUpperBound()).isGreaterThan(2902.6);
    assertThat(plot.getDataset().getColumnKeys())
        .containsExactly(
            "w0.5-32px-b128",
            "w0.5-32px-b128-2replicas",
            "w1.0-224px-b32-jpeg",
            "w1.0-224px-b32-jpeg-2replicas");
    assertThat(plot.getDataset().getRowKeys()).containsExactly("TF Java", "PyTorch");

    Path png = BenchCharts.write(chart, dir.resolve("train.png"));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(BenchCharts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(BenchCharts.HEIGHT);
  }
}
