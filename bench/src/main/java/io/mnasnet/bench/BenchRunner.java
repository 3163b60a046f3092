package io.mnasnet.bench;

import io.mnasnet.bench.BenchReport.ComputeBound;
import io.mnasnet.bench.BenchReport.ModelBound;
import io.mnasnet.inference.engine.EngineChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.TensorFlow;

/**
 * Runs the chosen suites in order (model, pipeline, train) and writes the report: {@code
 * report.json} (every figure), {@code summary.md}, PNG charts, and the children's logs in {@code
 * logs/}. Models are exported once into a scratch directory, removed at the end with the broker's
 * data.
 */
final class BenchRunner {

  /** Which suites to run. */
  enum Suite {
    MODEL,
    PIPELINE,
    TRAIN,
    ALL;

    boolean includes(Suite suite) {
      return this == ALL || this == suite;
    }
  }

  static final String REPORT_FILE = "report.json";
  static final String SUMMARY_FILE = "summary.md";

  private final ProjectHome home;
  private final BenchScale scale;
  private final Path out;
  private final Path python;
  private final BenchProgress progress;
  private final EngineChoice engine;

  BenchRunner(
      ProjectHome home,
      BenchScale scale,
      Path out,
      Path python,
      EngineChoice engine,
      PrintWriter err) {
    this.home = home;
    this.scale = scale;
    this.out = out;
    this.python = python;
    this.engine = engine;
    this.progress = new BenchProgress(err);
  }

  /** The model setting the pipeline's app serves with: the bare model it is compared with. */
  private EngineSetting serving() {
    return engine == EngineChoice.TENSORFLOW
        ? EngineSetting.TENSORFLOW_DEFAULT
        : EngineSetting.LAUNCHER_DEFAULT;
  }

  /** The default output directory: {@code bench-results/<UTC timestamp>/} under the checkout. */
  static Path defaultOut(ProjectHome home) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    return home.root().resolve("bench-results").resolve(stamp);
  }

  BenchReport run(Suite suite, String commandLine) throws IOException, InterruptedException {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MachineInfo machine = MachineInfo.probe(TensorFlow.version());
    Path logs = Files.createDirectories(out.resolve("logs"));
    Path work = Files.createTempDirectory("mnasnet-bench-");
    progress.say(
        "writing to "
            + out
            + " (scale "
            + scale.name()
            + ", load average "
            + machine.loadAverageAtStart()
            + ")");
    ModelSuiteResult model = null;
    PipelineSuiteResult pipeline = null;
    TrainSuiteResult train = null;
    try {
      ExportedModels exported = new ExportedModels(Files.createDirectories(work.resolve("models")));
      ModelSuite modelSuite = new ModelSuite(home, scale, work, logs, python, progress);
      if (suite.includes(Suite.MODEL)) {
        progress.say("model: exporting the models (random weights)");
        model = modelSuite.run(exported);
      }
      if (suite.includes(Suite.PIPELINE)) {
        PipelineSuite.RawModelRates rates =
            new SameRunModelRates(model, modelSuite, exported, serving());
        pipeline =
            new PipelineSuite(home, scale, work, logs, progress, rates, engine.id()).run(exported);
      }
      if (suite.includes(Suite.TRAIN)) {
        train = new TrainSuite(home, scale, work, logs, python, progress).run();
      }
    } finally {
      deleteRecursively(work);
    }
    MachineInfo finished = machine.withEndLoad();
    BenchReport report =
        new BenchReport(
            commandLine,
            suite.name().toLowerCase(java.util.Locale.ROOT),
            scale.name(),
            scale,
            started.toString(),
            progress.elapsedSeconds(),
            finished,
            computeBound(finished, model),
            model,
            pipeline,
            train,
            Targets.evaluate(model, pipeline, train));
    write(report);
    return report;
  }

  private ComputeBound computeBound(MachineInfo machine, ModelSuiteResult model) {
    double peak = machine.nominalPeakGflops();
    Double matmul = model == null ? null : model.matmulGflops().orElse(null);
    List<ModelBound> bounds = new ArrayList<>();
    for (BenchModel benchModel : List.of(BenchModel.LARGE, BenchModel.SMALL)) {
      double gflop = 2.0 * benchModel.multiplyAdds() / 1e9;
      Double best = null;
      if (model != null) {
        best =
            model.tensorFlow().stream()
                .filter(run -> run.setting().equals(EngineSetting.LAUNCHER_DEFAULT))
                .flatMap(run -> run.series().stream())
                .filter(series -> series.model().equals(benchModel.name()))
                .flatMap(series -> series.points().stream())
                .map(point -> point.imagesPerSecond().median())
                .max(Comparator.naturalOrder())
                .orElse(null);
      }
      double nominalBound = peak / gflop;
      bounds.add(
          new ModelBound(
              benchModel.name(),
              gflop,
              nominalBound,
              matmul == null ? null : matmul / gflop,
              best,
              best == null ? null : best / nominalBound));
    }
    return new ComputeBound(peak, machine.flopsPerCycle(), matmul, bounds);
  }

  private void write(BenchReport report) throws IOException {
    Files.createDirectories(out);
    BenchJson.mapper().writeValue(out.resolve(REPORT_FILE).toFile(), report);
    List<String> charts =
        BenchCharts.render(report, out).stream().map(p -> p.getFileName().toString()).toList();
    Files.writeString(
        out.resolve(SUMMARY_FILE), MarkdownSummary.of(report, charts), StandardCharsets.UTF_8);
    progress.say(
        "wrote "
            + out.resolve(REPORT_FILE)
            + ", "
            + SUMMARY_FILE
            + " and "
            + charts.size()
            + " charts");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
