package io.mnasnet.bench;

import io.mnasnet.bench.BenchRunner.Suite;
import io.mnasnet.inference.engine.EngineChoice;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet bench <suite>}: measures the model, the pipeline and training against their peers
 * (PyTorch, the raw model, a copy-only Streams app), side by side in one run.
 *
 * <p>Needs the built project (it starts child JVMs through {@code bin/mnasnet} and a broker through
 * {@code bin/kafka-broker}); PyTorch figures need Debian's {@code python3-torchvision} ({@code
 * /usr/bin/python3}) and are skipped with a note otherwise. Writes {@code report.json}, {@code
 * summary.md}, PNG charts and the children's logs to {@code --out} (default {@code
 * bench-results/<timestamp>/}). The method is in BENCHMARKS.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    // the suites are method subcommands: without INHERIT they would refuse --help
    scope = ScopeType.INHERIT,
    subcommands = {
      ModelWorkerCommand.class,
      TrainWorkerCommand.class,
      LoaderWorkerCommand.class,
      PassThroughWorkerCommand.class,
      SoakCommand.class,
      PreprocessingCommand.class
    },
    description = {
      "Benchmark the model, the pipeline and training against their peers, side by side.",
      "",
      "Suites: model (SavedModel images/s per batch size and TensorFlow setting, vs PyTorch"
          + " TorchScript), pipeline (standalone broker + streaming app: end-to-end images/s,"
          + " latency at 25/50/90%% load, vs the raw model, per-record batching and a copy-only"
          + " Streams app), train (training images/s vs PyTorch), all (~15 min on 2 cores;"
          + " --quick ~2 min).",
      "Writes report.json, summary.md and PNG charts to --out. Method: BENCHMARKS.md."
    })
public final class BenchCommand {

  @Spec private CommandSpec spec;

  @Command(name = "model", description = "Inference throughput of the SavedModel vs PyTorch.")
  int model(@Mixin BenchOptions options) throws Exception {
    return run(Suite.MODEL, options);
  }

  @Command(name = "pipeline", description = "End-to-end throughput and latency through Kafka.")
  int pipeline(@Mixin BenchOptions options) throws Exception {
    return run(Suite.PIPELINE, options);
  }

  @Command(name = "train", description = "Training throughput vs PyTorch, and data-wait time.")
  int train(@Mixin BenchOptions options) throws Exception {
    return run(Suite.TRAIN, options);
  }

  @Command(name = "all", description = "Every suite, in one run.")
  int all(@Mixin BenchOptions options) throws Exception {
    return run(Suite.ALL, options);
  }

  private int run(Suite suite, BenchOptions options) throws Exception {
    ProjectHome home = ProjectHome.locate();
    Path out = options.out != null ? options.out.toAbsolutePath() : BenchRunner.defaultOut(home);
    String commandLine =
        "bin/mnasnet bench "
            + suite.name().toLowerCase(Locale.ROOT)
            + (options.quick ? " --quick" : "")
            + (options.cpu ? " --cpu" : "")
            + (options.tiny ? " --tiny" : "")
            + (options.engine.engine() == EngineChoice.AUTO
                ? ""
                : " --engine " + options.engine.engine().id());
    BenchReport report =
        new BenchRunner(
                home,
                options.scale(),
                out,
                options.python,
                options.engine.engine(),
                spec.commandLine().getErr())
            .run(suite, commandLine);
    spec.commandLine().getOut().println(out.resolve(BenchRunner.SUMMARY_FILE));
    long missed = report.targets().stream().filter(t -> Boolean.FALSE.equals(t.met())).count();
    spec.commandLine()
        .getOut()
        .printf(
            "%d targets checked, %d met, %d missed, %d not measured%n",
            report.targets().size(),
            report.targets().stream().filter(t -> Boolean.TRUE.equals(t.met())).count(),
            missed,
            report.targets().stream().filter(t -> t.met() == null).count());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
