package io.mnasnet.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet bench soak}: the streaming classifier's resident memory under sustained load. A
 * standalone broker, the app as deployed ({@code bin/mnasnet run}, {@value PipelineSuite#APP_HEAP}
 * heap, the launcher's allocator settings), and images offered at a fixed rate for N minutes; the
 * app's RSS, CPU time and progress are sampled and judged by {@link SoakVerdict}.
 */
@Command(
    name = "soak",
    description = {
      "Memory under sustained load: the app's RSS over --minutes at a fixed --rate,"
          + " judged flat (last minute <= 10%% above the first minute after 60 s) and under"
          + " --limit-mib.",
      "Writes rss.tsv, rss.png, summary.md and app.log to --out."
    })
final class SoakCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "KIND",
      defaultValue = "PHOTO_1280",
      description =
          "Images sent: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; the photo inputs need"
              + " Debian's plasma-workspace-wallpapers).")
  BenchImages.Kind input;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      defaultValue = "10",
      description = "How long the load runs (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--rate",
      paramLabel = "IMAGES/S",
      description =
          "Offered rate; keep it below the app's capacity (bench pipeline) so the app keeps up"
              + " (default: 60 for 1280x960 photos, about two thirds of their capacity here; 40"
              + " for the other JPEGs; 1000 for 28x28 PNGs).")
  Double rate;

  @Option(
      names = "--limit-mib",
      paramLabel = "MIB",
      defaultValue = "1536",
      description = "The RSS no sample may reach (default: ${DEFAULT-VALUE}).")
  long limitMib;

  @Option(
      names = "--sample-seconds",
      paramLabel = "S",
      defaultValue = "15",
      description = "How often RSS is sampled (default: ${DEFAULT-VALUE}).")
  double sampleSeconds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the results (default: bench-results/<timestamp>-soak/).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (minutes < 2) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--minutes must be at least 2: the first minute is not judged");
    }
    ProjectHome home = ProjectHome.locate();
    Path dir =
        out != null
            ? out.toAbsolutePath()
            : Path.of(BenchRunner.defaultOut(home).toString() + "-soak");
    Files.createDirectories(dir);
    PrintWriter err = spec.commandLine().getErr();
    BenchProgress progress = new BenchProgress(err);
    List<byte[]> images = BenchImages.of(input);
    if (images.isEmpty()) {
      throw new IOException(
          input.label() + " needs real photos: install Debian's plasma-workspace-wallpapers");
    }
    double offered =
        rate != null
            ? rate
            : switch (input) {
              case PNG_28 -> 1000;
              case PHOTO_1280 -> 60;
              default -> 40;
            };
    Path work = Files.createTempDirectory("mnasnet-soak-");
    Instant started = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<SoakSample> samples = new ArrayList<>();
    try (BrokerProcess broker = BrokerProcess.start(home, work.resolve("kafka"))) {
      String bootstrap = broker.bootstrapServers();
      PipelineSuite.createTopics(bootstrap, "soak");
      Path modelDir = new ExportedModels(work).dir(BenchModel.forInput(input));
      Map<String, String> env = new LinkedHashMap<>();
      env.put(
          "MNASNET_JAVA_OPTS",
          (Objects.requireNonNullElse(System.getenv("MNASNET_JAVA_OPTS"), "")
                  + " "
                  + PipelineSuite.APP_HEAP)
              .strip());
      env.putAll(
          PipelineSuite.classifierEnv(
              bootstrap,
              "soak",
              modelDir,
              Files.createDirectories(work.resolve("state")),
              32,
              PipelineCase.EOS_DEFAULT_COMMIT_MS));
      progress.say(
          String.format(
              Locale.ROOT,
              "soak: %s at %.0f images/s for %.1f min (%s)",
              input.label(),
              offered,
              minutes,
              dir));
      try (AppProcess app = AppProcess.start(home, List.of("run"), env, dir.resolve("app.log"));
          OutputRecorder outputs = new OutputRecorder(bootstrap, "soak-out", true);
          ImageProducer producer = new ImageProducer(bootstrap, "soak-in", input, images)) {
        producer.awaitLeaders(PipelineSuite.PARTITIONS, Duration.ofSeconds(60));
        samples.addAll(load(app, outputs, producer, offered, progress));
        int sent = (int) samples.get(samples.size() - 1).sent();
        outputs.awaitCount(sent, Duration.ofMinutes(2));
      }
    } finally {
      deleteQuietly(work);
    }
    SoakVerdict verdict = SoakVerdict.of(samples, limitMib * 1024 * 1024);
    write(dir, samples, verdict, offered, started);
    spec.commandLine().getOut().println(dir.resolve("summary.md"));
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "RSS %s: %.0f -> %.0f MiB (max %.0f, limit %d), %+.1f%%%n",
            verdict.passed() ? "flat and under the limit" : "NOT flat or over the limit",
            mib(verdict.settledMedianBytes()),
            mib(verdict.lastMinuteMedianBytes()),
            mib(verdict.maxBytes()),
            limitMib,
            100 * verdict.growth());
    spec.commandLine().getOut().flush();
    return verdict.passed() ? 0 : 1;
  }

  /** Offers the images at the rate on a thread of its own while this one samples. */
  private List<SoakSample> load(
      AppProcess app,
      OutputRecorder outputs,
      ImageProducer producer,
      double offered,
      BenchProgress progress)
      throws Exception {
    AtomicReference<Exception> failure = new AtomicReference<>();
    double seconds = minutes * 60;
    Thread sender =
        new Thread(
            () -> {
              try {
                producer.sendAtRate(offered, seconds);
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "soak-producer");
    long start = System.nanoTime();
    double cpuAtStart = app.cpuMs();
    sender.start();
    List<SoakSample> samples = new ArrayList<>();
    long sampleNanos = (long) (sampleSeconds * 1e9);
    for (long next = start + sampleNanos; ; next += sampleNanos) {
      Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      app.checkAlive();
      if (failure.get() != null) {
        throw failure.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      SoakSample sample =
          new SoakSample(
              elapsed,
              app.currentRss(),
              producer.sent(),
              outputs.count(),
              app.cpuMs() - cpuAtStart);
      samples.add(sample);
      progress.say(
          String.format(
              Locale.ROOT,
              "soak: %4.0f s  RSS %.0f MiB  sent %d  predicted %d",
              elapsed,
              mib(sample.rssBytes()),
              sample.sent(),
              sample.predicted()));
      if (!sender.isAlive()) {
        break;
      }
    }
    sender.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return samples;
  }

  private void write(
      Path dir, List<SoakSample> samples, SoakVerdict verdict, double offered, Instant started)
      throws IOException {
    List<String> tsv = new ArrayList<>();
    tsv.add(SoakSample.tsvHeader());
    samples.forEach(s -> tsv.add(s.tsv()));
    Files.write(dir.resolve("rss.tsv"), tsv, StandardCharsets.UTF_8);
    BenchCharts.write(chart(samples), dir.resolve("rss.png"));

    SoakSample last = samples.get(samples.size() - 1);
    String summary =
        String.format(
            Locale.ROOT,
            """
            # mnasnet bench soak

            - Command: `bin/mnasnet bench soak --input %s --minutes %s --rate %s`
            - Started: %s; machine: %s
            - App: `bin/mnasnet run` with %s, batch 32, exactly-once, CPU, %d input partitions;\
             standalone broker on the same cores.
            - Load: %s offered at %.0f images/s for %.1f min: %d sent, %d predicted when the\
             load ended (every image was predicted by the end).
            - App CPU per image over the soak: %.2f ms.

            | RSS (MiB) | first judged minute (median) | last minute (median) | max | growth |\
             slope | limit | verdict |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | after the first %.0f s | %.0f | %.0f | %.0f | %+.1f%% | %+.2f MiB/min | %d | %s |

            Samples every %.0f s in `rss.tsv`, plotted in `rss.png`.
            """,
            input.name(),
            minutes,
            offered,
            started,
            machine(),
            PipelineSuite.APP_HEAP,
            PipelineSuite.PARTITIONS,
            input.label(),
            offered,
            minutes,
            last.sent(),
            last.predicted(),
            last.appCpuMs() / Math.max(1, last.predicted()),
            SoakVerdict.SETTLE_SECONDS,
            mib(verdict.settledMedianBytes()),
            mib(verdict.lastMinuteMedianBytes()),
            mib(verdict.maxBytes()),
            100 * verdict.growth(),
            verdict.slopeMibPerMinute(),
            limitMib,
            verdict.passed()
                ? "**flat, under the limit**"
                : (verdict.flat() ? "flat" : "**grew**")
                    + ", "
                    + (verdict.underLimit() ? "under the limit" : "**reached the limit**"),
            sampleSeconds);
    Files.writeString(dir.resolve("summary.md"), summary, StandardCharsets.UTF_8);
  }

  private static String machine() {
    MachineInfo m = MachineInfo.probe(org.tensorflow.TensorFlow.version());
    return String.format(
        Locale.ROOT,
        "%d cores, %s, %.1f GB; load average %s at the end",
        m.cores(),
        m.cpuModel(),
        m.memoryBytes() / 1e9,
        m.loadAverageAtStart());
  }

  private JFreeChart chart(List<SoakSample> samples) {
    XYSeries rss = new XYSeries("app RSS (MiB)");
    XYSeries limit = new XYSeries("limit");
    for (SoakSample s : samples) {
      rss.add(s.seconds() / 60, mib(s.rssBytes()));
    }
    limit.add(0, limitMib);
    limit.add(samples.get(samples.size() - 1).seconds() / 60, limitMib);
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(rss);
    data.addSeries(limit);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Soak: " + input.label() + " - app resident memory",
            "minutes under load",
            "MiB",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    BenchCharts.styled(chart, 2);
    return chart;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a scratch directory under /tmp: left for the system to clean
    }
  }
}
