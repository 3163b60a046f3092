package io.mnasnet.trainer.runlog;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Renders a run's training curves from its {@link RunLog} as three PNGs in the run directory:
 * {@value #LOSS_FILE} (per-step and per-epoch training loss, validation loss), {@value
 * #ACCURACY_FILE} (top-1/top-5, train and validation, in percent) and {@value #LEARNING_RATE_FILE}.
 * The x axis is "epochs completed" throughout.
 *
 * <p>Files are written to a temporary name and moved into place, so an image viewer refreshing
 * during training never shows a half-written PNG. Rendering needs no display: the class switches
 * AWT to headless mode unless the JVM was told otherwise.
 */
public final class TrainingPlots {

  /** Loss plot file name. */
  public static final String LOSS_FILE = "loss.png";

  /** Accuracy plot file name. */
  public static final String ACCURACY_FILE = "accuracy.png";

  /** Learning-rate plot file name. */
  public static final String LEARNING_RATE_FILE = "learning-rate.png";

  /** Width of every PNG, pixels. */
  public static final int WIDTH = 900;

  /** Height of every PNG, pixels. */
  public static final int HEIGHT = 540;

  private static final String EPOCH_AXIS = "Epoch";

  /** Distinguishable on white and for the common colour-vision deficiencies (Okabe-Ito). */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9)
  };

  static {
    // charts are drawn into a BufferedImage; a training server has no display, and a stale
    // DISPLAY (ssh -X gone) would otherwise make AWT fail
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private TrainingPlots() {}

  /** Reads {@code runDirectory/log.jsonl} and writes the PNGs next to it; returns their paths. */
  public static List<Path> renderRunDirectory(Path runDirectory) throws IOException {
    return render(RunLog.readRunDirectory(runDirectory), runDirectory);
  }

  /** Writes the three PNGs into {@code outputDirectory}; returns their paths. */
  public static List<Path> render(RunLog log, Path outputDirectory) throws IOException {
    Files.createDirectories(outputDirectory);
    List<Path> written = new ArrayList<>();
    written.add(write(lossChart(log), outputDirectory.resolve(LOSS_FILE)));
    written.add(write(accuracyChart(log), outputDirectory.resolve(ACCURACY_FILE)));
    written.add(write(learningRateChart(log), outputDirectory.resolve(LEARNING_RATE_FILE)));
    return written;
  }

  static JFreeChart lossChart(RunLog log) {
    XYSeriesCollection data = new XYSeriesCollection();
    addIfNotEmpty(data, stepSeries("train (per step)", log.steps(), StepRecord::loss));
    addIfNotEmpty(data, epochSeries("train (epoch mean)", log.epochs(), EpochRecord::trainLoss));
    addIfNotEmpty(data, epochSeries("validation", log.epochs(), EpochRecord::valLoss));
    return styled(chart("Loss", "Cross-entropy loss", data), data);
  }

  static JFreeChart accuracyChart(RunLog log) {
    XYSeriesCollection data = new XYSeriesCollection();
    addIfNotEmpty(data, percentSeries("train top-1", log.epochs(), EpochRecord::trainTop1));
    addIfNotEmpty(data, percentSeries("train top-5", log.epochs(), EpochRecord::trainTop5));
    addIfNotEmpty(data, percentSeries("validation top-1", log.epochs(), EpochRecord::valTop1));
    addIfNotEmpty(data, percentSeries("validation top-5", log.epochs(), EpochRecord::valTop5));
    JFreeChart chart = styled(chart("Accuracy", "Accuracy (%)", data), data);
    if (data.getSeriesCount() > 0) {
      // zoom on the interesting band but never past 100%
      double lowest = data.getRangeLowerBound(false);
      ((NumberAxis) chart.getXYPlot().getRangeAxis())
          .setRange(Math.max(0, Math.floor(lowest / 5) * 5 - 5), 100.5);
    }
    return chart;
  }

  static JFreeChart learningRateChart(RunLog log) {
    XYSeriesCollection data = new XYSeriesCollection();
    // per-step records show warmup and stairs; fall back to the per-epoch values
    XYSeries series =
        log.steps().isEmpty()
            ? epochSeries("learning rate", log.epochs(), EpochRecord::learningRate)
            : stepSeries("learning rate", log.steps(), StepRecord::learningRate);
    addIfNotEmpty(data, series);
    JFreeChart chart = styled(chart("Learning rate", "Learning rate", data), data);
    chart.removeLegend();
    NumberAxis axis = (NumberAxis) chart.getXYPlot().getRangeAxis();
    axis.setAutoRangeIncludesZero(true);
    axis.setNumberFormatOverride(new DecimalFormat("0.######"));
    return chart;
  }

  private static JFreeChart chart(String title, String yLabel, XYSeriesCollection data) {
    return ChartFactory.createXYLineChart(
        title, EPOCH_AXIS, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
  }

  private static JFreeChart styled(JFreeChart chart, XYSeriesCollection data) {
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      // dense (per-step) series as a thin line, sparse per-epoch series with markers
      boolean dense = data.getSeries(i).getItemCount() > 60;
      renderer.setSeriesShapesVisible(i, !dense);
      renderer.setSeriesStroke(i, new BasicStroke(dense ? 1f : 2f));
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    plot.setRenderer(renderer);
    NumberAxis xAxis = (NumberAxis) plot.getDomainAxis();
    xAxis.setAutoRangeIncludesZero(true);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }

  private static XYSeries stepSeries(
      String name, List<StepRecord> steps, Function<StepRecord, Double> metric) {
    XYSeries series = new XYSeries(name, false, true);
    for (StepRecord step : steps) {
      addFinite(series, step.epoch(), metric.apply(step));
    }
    return series;
  }

  private static XYSeries epochSeries(
      String name, List<EpochRecord> epochs, Function<EpochRecord, Double> metric) {
    XYSeries series = new XYSeries(name, false, true);
    for (EpochRecord epoch : epochs) {
      addFinite(series, epoch.epoch(), metric.apply(epoch));
    }
    return series;
  }

  private static XYSeries percentSeries(
      String name, List<EpochRecord> epochs, Function<EpochRecord, Double> fraction) {
    return epochSeries(
        name,
        epochs,
        epoch -> {
          Double value = fraction.apply(epoch);
          return value == null ? null : 100 * value;
        });
  }

  private static void addFinite(XYSeries series, double x, Double y) {
    // a diverged run logs NaN/Infinity; leave the gap rather than wreck the axis range
    if (y != null && Double.isFinite(y)) {
      series.add(x, y);
    }
  }

  private static void addIfNotEmpty(XYSeriesCollection data, XYSeries series) {
    if (series.getItemCount() > 0) {
      data.addSeries(series);
    }
  }

  private static Path write(JFreeChart chart, Path target) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temporary)) {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    }
    return Files.move(
        temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
