package io.mnasnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable summary of a {@link BenchReport} ({@code summary.md}). */
final class MarkdownSummary {

  private final StringBuilder out = new StringBuilder();

  private MarkdownSummary() {}

  static String of(BenchReport report, List<String> chartFiles) {
    MarkdownSummary summary = new MarkdownSummary();
    summary.header(report);
    summary.targets(report);
    summary.bound(report);
    if (report.model() != null) {
      summary.model(report.model());
    }
    if (report.pipeline() != null) {
      summary.pipeline(report.pipeline());
    }
    if (report.train() != null) {
      summary.train(report.train());
    }
    if (!chartFiles.isEmpty()) {
      summary.line("## Charts");
      summary.line("");
      chartFiles.forEach(file -> summary.line("![" + file + "](" + file + ")"));
      summary.line("");
    }
    return summary.out.toString();
  }

  private void header(BenchReport report) {
    MachineInfo m = report.machine();
    line("# mnasnet bench " + report.suite() + " (" + report.scale() + ")");
    line("");
    line("- Command: `" + report.command() + "`");
    line(
        "- Started: "
            + report.startedAt()
            + ", took "
            + f("%.0f", report.durationSeconds())
            + " s");
    line(
        "- Machine: "
            + m.cores()
            + " cores, "
            + m.cpuModel()
            + " @ "
            + f("%.0f", m.cpuMhz())
            + " MHz ("
            + String.join(", ", m.vectorFlags())
            + "), "
            + f("%.1f", m.memoryBytes() / 1e9)
            + " GB; "
            + m.kernel()
            + "; "
            + m.jvm()
            + "; TensorFlow "
            + m.tensorFlowVersion());
    line(
        "- Load average (1/5/15 min): "
            + m.loadAverageAtStart()
            + " at start, "
            + m.loadAverageAtEnd()
            + " at end. Figures are medians [min-max] of "
            + report.settings().repetitions()
            + " repetitions.");
    line("");
  }

  private void targets(BenchReport report) {
    line("## Targets");
    line("");
    line("| target | measured | met |");
    line("| --- | --- | --- |");
    for (BenchReport.TargetCheck check : report.targets()) {
      String met = check.met() == null ? "not measured" : check.met() ? "yes" : "**no**";
      line("| " + check.target() + " | " + check.measured() + " | " + met + " |");
    }
    line("");
  }

  private void bound(BenchReport report) {
    BenchReport.ComputeBound bound = report.computeBound();
    if (bound == null) {
      return;
    }
    line("## Compute bound");
    line("");
    line(
        "Nominal fp32 peak "
            + f("%.0f", bound.nominalPeakGflops())
            + " GFLOP/s (cores x clock x "
            + bound.flopsPerCycle()
            + " FLOP/cycle); a 1024x1024 matrix product in TensorFlow reached "
            + (bound.matmulGflops() == null ? "n/a" : f("%.0f", bound.matmulGflops()) + " GFLOP/s")
            + ".");
    line("");
    line(
        "| model | GFLOP/image | bound at nominal peak | bound at matmul rate | best measured | of nominal bound |");
    line("| --- | --- | --- | --- | --- | --- |");
    for (BenchReport.ModelBound model : bound.models()) {
      line(
          "| "
              + model.model()
              + " | "
              + f("%.3f", model.gflopPerImage())
              + " | "
              + f("%.0f", model.nominalBoundImagesPerSecond())
              + " | "
              + (model.matmulBoundImagesPerSecond() == null
                  ? "n/a"
                  : f("%.0f", model.matmulBoundImagesPerSecond()))
              + " | "
              + (model.bestMeasuredImagesPerSecond() == null
                  ? "n/a"
                  : f("%.1f", model.bestMeasuredImagesPerSecond()))
              + " | "
              + (model.fractionOfNominal() == null
                  ? "n/a"
                  : f("%.1f%%", model.fractionOfNominal() * 100))
              + " |");
    }
    line("");
  }

  private void model(ModelSuiteResult model) {
    line("## Model (images/s)");
    line("");
    line("PyTorch: " + model.pyTorchNote());
    line("");
    for (ModelSuiteResult.ModelInfo info : model.models()) {
      List<String> headers = new ArrayList<>();
      List<ModelSuiteResult.Series> columns = new ArrayList<>();
      for (ModelSuiteResult.SettingRun run : model.tensorFlow()) {
        if (run.error() != null) {
          line("- setting " + run.setting().name() + " failed: " + run.error());
          continue;
        }
        run.series().stream()
            .filter(s -> s.model().equals(info.name()))
            .findFirst()
            .ifPresent(
                s -> {
                  headers.add(run.setting().name() + " (" + run.setting().describe() + ")");
                  columns.add(s);
                });
      }
      model.pyTorch().stream()
          .filter(s -> s.model().equals(info.name()))
          .findFirst()
          .ifPresent(
              s -> {
                headers.add("PyTorch TorchScript");
                columns.add(s);
              });
      line(
          "### "
              + info.name()
              + " (width "
              + info.width()
              + ", "
              + info.classes()
              + " classes, "
              + info.imageSize()
              + "x"
              + info.imageSize()
              + ", "
              + f("%.1f", info.multiplyAdds() / 1e6)
              + " M MACs)");
      line("");
      line("| batch | " + String.join(" | ", headers) + " |");
      line("|---" + " | ---".repeat(headers.size()) + " |");
      List<Integer> batches =
          columns.stream()
              .flatMap(s -> s.points().stream())
              .map(ModelSuiteResult.Point::batch)
              .distinct()
              .sorted()
              .toList();
      for (int batch : batches) {
        StringBuilder row = new StringBuilder("| " + batch);
        for (ModelSuiteResult.Series series : columns) {
          row.append(" | ")
              .append(series.at(batch).map(p -> p.imagesPerSecond().format(1)).orElse(""));
        }
        line(row + " |");
      }
      line("");
      line("Memory (launcher default): RSS after load and growth per image at each batch size:");
      line("");
      for (ModelSuiteResult.SettingRun run : model.tensorFlow()) {
        for (ModelSuiteResult.Series series : run.series()) {
          if (series.model().equals(info.name())
              && run.setting().equals(EngineSetting.LAUNCHER_DEFAULT)) {
            memoryLine("TF", "after load", series);
          }
        }
      }
      for (ModelSuiteResult.Series series : model.pyTorch()) {
        if (series.model().equals(info.name())) {
          memoryLine("PyTorch", "before the first timed call", series);
        }
      }
      line("");
    }
  }

  /** "- LABEL: N MB WHEN; b1 x MB/image, ..." for one model's memory figures. */
  private void memoryLine(String label, String when, ModelSuiteResult.Series series) {
    line(
        "- "
            + label
            + ": "
            + f("%.0f", series.rssAfterLoadBytes() / 1e6)
            + " MB "
            + when
            + "; "
            + series.points().stream()
                .map(
                    p ->
                        "b"
                            + p.batch()
                            + " "
                            + f("%.2f", p.rssGrowthPerImageBytes() / 1e6)
                            + " MB/image")
                .collect(Collectors.joining(", ")));
  }

  private void pipeline(PipelineSuiteResult pipeline) {
    line("## Pipeline");
    line("");
    line("Broker: " + pipeline.broker() + ". " + pipeline.method());
    line("");
    line(
        "| case | capacity images/s | raw model images/s | ratio | model with decode images/s (ratio) | model-call sizes (images) | app RSS after warm-up / max / end (MB) |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    for (PipelineSuiteResult.CaseResult result : pipeline.cases()) {
      if (result.error() != null) {
        line("| " + result.setup().name() + " | failed: " + result.error() + " | | | | | |");
        continue;
      }
      PipelineSuiteResult.Memory memory = result.memory();
      line(
          "| "
              + result.setup().name()
              + " | "
              + result.capacity().format(1)
              + " | "
              + (result.rawModelImagesPerSecond() == null
                  ? ""
                  : f("%.1f", result.rawModelImagesPerSecond()))
              + " | "
              + (result.ratioToRawModel() == null ? "" : f("%.2f", result.ratioToRawModel()))
              + " | "
              + (result.modelWithDecodeImagesPerSecond() == null
                  ? ""
                  : f(
                      "%.1f (%.2f)",
                      result.modelWithDecodeImagesPerSecond(), result.ratioToModelWithDecode()))
              + " | "
              + sizes(result.capacityBatchSizes())
              + " | "
              + (memory == null
                  ? ""
                  : f(
                      "%.0f / %.0f / %.0f",
                      memory.afterWarmupBytes() / 1e6,
                      memory.maxBytes() / 1e6,
                      memory.endBytes() / 1e6))
              + " |");
    }
    line("");
    line(
        "CPU time per image (user + system, /proc/PID/stat): the app's process over each backlog,"
            + " against the model's own worker JVM at the same batch in this run.");
    line("");
    line(
        "| case | app CPU ms/image | bare model ms/image | model with its decode ms/image | app / bare"
            + " | per-record cost (app - bare) ms/image | app / model with its decode | target |"
            + " met? |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (PipelineSuiteResult.CaseResult result : pipeline.cases()) {
      PipelineSuiteResult.Cpu cpu = result.cpu();
      if (cpu == null) {
        continue;
      }
      line(
          "| "
              + result.setup().name()
              + " | "
              + cpu.appMsPerImage().format(3)
              + " | "
              + (cpu.rawModelMsPerImage() == null ? "" : f("%.3f", cpu.rawModelMsPerImage()))
              + " | "
              + (cpu.withDecodeMsPerImage() == null ? "" : f("%.3f", cpu.withDecodeMsPerImage()))
              + " | "
              + (cpu.ratio() == null ? "" : f("%.2fx", cpu.ratio()))
              + " | "
              + (cpu.perRecordMs() == null ? "" : f("%.3f", cpu.perRecordMs()))
              + " | "
              // what the app adds to the model as it calls it (decode in the graph included)
              + (cpu.withDecodeMsPerImage() == null
                  ? ""
                  : f("%.2fx", cpu.appMsPerImage().median() / cpu.withDecodeMsPerImage()))
              + " | "
              + (cpu.target() == null ? "" : f("<= %.2fx", cpu.target()))
              + " | "
              + (cpu.met() == null ? "" : cpu.met() ? "yes" : "no")
              + " |");
    }
    line("");
    line(
        "| case | load | offered images/s | achieved | p50 ms | p95 ms | p99 ms | max ms | model-call sizes (images) |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (PipelineSuiteResult.CaseResult result : pipeline.cases()) {
      if (result.loads() == null) {
        continue;
      }
      for (PipelineSuiteResult.LoadResult load : result.loads()) {
        line(
            "| "
                + result.setup().name()
                + " | "
                + f("%.0f%%", load.fraction() * 100)
                + " | "
                + f("%.1f", load.offeredPerSecond())
                + " | "
                + f("%.1f", load.achievedPerSecond())
                + " | "
                + f("%.0f", load.p50Ms())
                + " | "
                + f("%.0f", load.p95Ms())
                + " | "
                + f("%.0f", load.p99Ms())
                + " | "
                + f("%.0f", load.maxMs())
                + " | "
                + sizes(load.batchSizes())
                + " |");
      }
    }
    line("");
  }

  private void train(TrainSuiteResult train) {
    if (train.loader() != null) {
      loader(train.loader());
    }
    line("## Training (images/s)");
    line("");
    line(train.method() + " PyTorch: " + train.pyTorchNote());
    line("");
    line("| configuration | replicas | TF Java | data wait | PyTorch | ratio | TF data |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    for (TrainSuiteResult.ConfigResult config : train.configs()) {
      line(
          "| "
              + config.config().name()
              + " | "
              + config.config().replicas()
              + " | "
              + (config.tensorFlow() == null
                  ? "failed: " + config.error()
                  : config.tensorFlow().format(1))
              + " | "
              + (config.dataWaitFraction() == null
                  ? ""
                  : f("%.1f%%", config.dataWaitFraction().median() * 100))
              + " | "
              + (config.pyTorch() == null ? "n/a" : config.pyTorch().format(1))
              + " | "
              + (config.ratio() == null ? "" : f("%.2f", config.ratio()))
              + " | "
              + (config.dataSource() == null ? "" : config.dataSource())
              + " |");
    }
    line("");
  }

  private void loader(LoaderSuiteResult loader) {
    line("## Image-folder loader alone (images/s, " + loader.cores() + " workers)");
    line("");
    line(loader.method() + " Images: " + loader.images() + ".");
    line("");
    line("| loader | images/s | per core | CPU ms per image |");
    line("| --- | --- | --- | --- |");
    loaderRow("trainer (crop decode)", loader.trainer(), loader.trainerCpuMsPerImage(), loader);
    loaderRow(
        "PyTorch DataLoader" + (loader.note() == null ? "" : " (" + loader.note() + ")"),
        loader.pyTorch(),
        loader.pyTorchCpuMsPerImage(),
        loader);
    loaderRow(
        "trainer, previous pipeline (javax.imageio)",
        loader.previous(),
        loader.previousCpuMsPerImage(),
        loader);
    line("");
    if (loader.ratio() != null) {
      line(
          f(
              "Trainer / PyTorch: %.2fx images/s on the same cores, %.2fx less CPU per image.",
              loader.ratio(), loader.cpuRatio() == null ? Double.NaN : loader.cpuRatio()));
      line("");
    }
  }

  private void loaderRow(String name, Spread rate, Spread cpu, LoaderSuiteResult loader) {
    line(
        "| "
            + name
            + " | "
            + (rate == null ? "n/a" : rate.format(1))
            + " | "
            + (rate == null ? "" : f("%.1f", rate.median() / loader.cores()))
            + " | "
            + (cpu == null ? "" : cpu.format(2))
            + " |");
  }

  private static String sizes(Map<Integer, Long> sizes) {
    if (sizes == null || sizes.isEmpty()) {
      return "";
    }
    return sizes.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private void line(String text) {
    out.append(text).append('\n');
  }

  private static String f(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
