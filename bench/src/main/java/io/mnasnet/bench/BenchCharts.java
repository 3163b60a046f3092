package io.mnasnet.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG charts: throughput against batch size per model (every TensorFlow setting and
 * PyTorch), end-to-end latency percentiles against offered load per pipeline case, and training
 * throughput. Rendered headless with JFreeChart.
 */
final class BenchCharts {

  static final int WIDTH = 900;
  static final int HEIGHT = 540;

  /** Okabe-Ito: distinguishable for the common colour-vision deficiencies. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0x000000)
  };

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private BenchCharts() {}

  /** Writes every chart the report has figures for into {@code dir}; returns their paths. */
  static List<Path> render(BenchReport report, Path dir) throws IOException {
    List<Path> written = new ArrayList<>();
    if (report.model() != null) {
      for (ModelSuiteResult.ModelInfo model : report.model().models()) {
        written.add(
            write(
                throughputChart(report.model(), model.name()),
                dir.resolve("model-" + model.name() + ".png")));
      }
    }
    if (report.pipeline() != null) {
      int index = 0;
      for (PipelineSuiteResult.CaseResult result : report.pipeline().cases()) {
        index++;
        if (result.loads() != null && !result.loads().isEmpty()) {
          written.add(
              write(latencyChart(result), dir.resolve("pipeline-latency-" + index + ".png")));
        }
      }
    }
    if (report.train() != null) {
      written.add(write(trainChart(report.train()), dir.resolve("train.png")));
    }
    return written;
  }

  static JFreeChart throughputChart(ModelSuiteResult suite, String model) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (ModelSuiteResult.SettingRun run : suite.tensorFlow()) {
      for (ModelSuiteResult.Series series : run.series()) {
        if (series.model().equals(model)) {
          data.addSeries(points("TF Java: " + run.setting().name(), series));
        }
      }
    }
    for (ModelSuiteResult.Series series : suite.pyTorch()) {
      if (series.model().equals(model)) {
        data.addSeries(points("PyTorch TorchScript", series));
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Inference throughput, " + model,
            "Batch size",
            "Images/s (median)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = styled(chart, data.getSeriesCount());
    LogAxis batchAxis = new LogAxis("Batch size");
    batchAxis.setBase(2);
    batchAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot.setDomainAxis(batchAxis);
    return chart;
  }

  static JFreeChart latencyChart(PipelineSuiteResult.CaseResult result) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries p50 = new XYSeries("p50");
    XYSeries p95 = new XYSeries("p95");
    XYSeries p99 = new XYSeries("p99");
    for (PipelineSuiteResult.LoadResult load : result.loads()) {
      p50.add(load.fraction() * 100, load.p50Ms());
      p95.add(load.fraction() * 100, load.p95Ms());
      p99.add(load.fraction() * 100, load.p99Ms());
    }
    data.addSeries(p50);
    data.addSeries(p95);
    data.addSeries(p99);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "End-to-end latency, " + result.setup().name(),
            "Offered load (% of measured capacity)",
            "Latency (ms)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    styled(chart, data.getSeriesCount());
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
    return chart;
  }

  /**
   * Training images/s per configuration, TF Java beside PyTorch: horizontal bars (the
   * configurations' names are long) on a logarithmic axis, since 32x32 trains ~50x faster than
   * 224x224 and a linear axis flattens the 224 bars to nothing; each bar is labelled with its
   * value.
   */
  static JFreeChart trainChart(TrainSuiteResult train) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (TrainSuiteResult.ConfigResult config : train.configs()) {
      if (config.tensorFlow() != null) {
        data.addValue(config.tensorFlow().median(), "TF Java", config.config().name());
      }
      if (config.pyTorch() != null) {
        data.addValue(config.pyTorch().median(), "PyTorch", config.config().name());
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Training throughput",
            "Configuration",
            "Images/s (median, log scale)",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LogAxis rate = new LogAxis("Images/s (median, log scale)");
    rate.setTickUnit(new NumberTickUnit(1), false, true); // one tick per power of ten
    rate.setNumberFormatOverride(new DecimalFormat("#,##0"));
    rate.setSmallestValue(1);
    rate.setUpperMargin(0.15); // room for the value labels
    plot.setRangeAxis(rate);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.0")));
    renderer.setDefaultItemLabelsVisible(true);
    for (int i = 0; i < 2; i++) {
      renderer.setSeriesPaint(i, PALETTE[i]);
    }
    return chart;
  }

  private static XYSeries points(String name, ModelSuiteResult.Series series) {
    XYSeries points = new XYSeries(name);
    for (ModelSuiteResult.Point point : series.points()) {
      points.add(point.batch(), point.imagesPerSecond().median());
    }
    return points;
  }

  static XYPlot styled(JFreeChart chart, int seriesCount) {
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    for (int i = 0; i < seriesCount; i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesShapesVisible(i, true);
    }
    plot.setRenderer(renderer);
    return plot;
  }

  /** Written to a temporary name and moved into place, so no reader sees half a PNG. */
  static Path write(JFreeChart chart, Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    ChartUtils.saveChartAsPNG(partial.toFile(), chart, WIDTH, HEIGHT);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
