package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The {@code pipeline} suite: a standalone broker ({@link BrokerProcess}), the app under test in
 * its own JVM ({@link AppProcess}: the streaming classifier through {@code bin/mnasnet run}, or the
 * copy-only {@link PassThroughWorkerCommand}), and, in this JVM, a producer and a read_committed
 * consumer of the output.
 *
 * <p>Per app run: warm-up (images sent and awaited, about {@code warmupSeconds} of traffic so that
 * the app's JIT compilation is over; it also proves the app is up); capacity (a backlog sent at
 * once, {@link #steadyRate steady-state throughput}, repeated); then open-loop offered loads at
 * fractions of the measured capacity, each for a fixed time, recording every image's end-to-end
 * latency and the size of the model call that classified it.
 */
final class PipelineSuite {

  static final int PARTITIONS = 4;
  static final int LINGER_MS = 50;

  /** The apps' heap limit (the JVM's {@code -Xmx}). */
  static final String APP_HEAP = "-Xmx1g";

  /** Outputs seen within this long of the first one belong to the first commit's burst. */
  static final long BURST_MS = 50;

  private final ProjectHome home;
  private final BenchScale scale;
  private final Path workDir;
  private final Path logDir;
  private final BenchProgress progress;
  private final RawModelRates rawRates;
  private int runNumber;

  /** Where the raw model's images/s at a batch size come from (the model suite, or a child run). */
  interface RawModelRates {
    /** The model on preprocessed float tensors: images/s and CPU per image. */
    Optional<ModelSuiteResult.Point> raw(BenchModel model, int batch)
        throws IOException, InterruptedException;

    /** The model through its encoded-image signature, on the image files of {@code imageDir}. */
    Optional<ModelSuiteResult.Point> withDecode(BenchModel model, int batch, Path imageDir)
        throws IOException, InterruptedException;
  }

  /** {@code --engine} of the app runs: auto, onnxruntime or tensorflow. */
  private final String engine;

  PipelineSuite(
      ProjectHome home,
      BenchScale scale,
      Path workDir,
      Path logDir,
      BenchProgress progress,
      RawModelRates rawRates,
      String engine) {
    this.engine = engine;
    this.home = home;
    this.scale = scale;
    this.workDir = workDir;
    this.logDir = logDir;
    this.progress = progress;
    this.rawRates = rawRates;
  }

  PipelineSuiteResult run(ExportedModels models) throws IOException, InterruptedException {
    progress.say("pipeline: starting a standalone broker (bin/kafka-broker)");
    List<PipelineSuiteResult.CaseResult> results = new ArrayList<>();
    String brokerDescription;
    try (BrokerProcess broker = BrokerProcess.start(home, workDir.resolve("kafka"))) {
      brokerDescription = broker.describe();
      for (PipelineCase setup : scale.pipelineCases()) {
        results.add(runCase(broker.bootstrapServers(), setup, models));
      }
    }
    String method =
        "Topics with "
            + PARTITIONS
            + " input partitions; app: its defaults (2 stream threads, each model call split"
            + " across the cores), exactly_once_v2, batch.linger.ms "
            + LINGER_MS
            + "; the batch-1 case is the per-record design: 1 stream thread, one model call per"
            + " image with TensorFlow's own threading. Apps run with "
            + APP_HEAP
            + " (a capped heap, as deployed). Warm-up: about "
            + scale.warmupSeconds()
            + " s of traffic before any timing (JIT compilation)"
            + (scale.settleBacklogs() > 0
                ? ", then untimed backlogs until two in a row agree on the app's CPU per image"
                    + " within 3% (at most "
                    + scale.settleBacklogs()
                    + ")"
                : "")
            + ". Capacity: a backlog of images"
            + " sent at once (at least four full batches per partition); steady-state rate = outputs after the first commit's burst / time from"
            + " that burst to the last output seen by a read_committed consumer (the first burst"
            + " carries the start-up); "
            + scale.repetitions()
            + " repetitions. Latency: open-loop offered load at fractions of the median capacity"
            + " for "
            + scale.loadSeconds()
            + " s each; latency = time the read_committed consumer sees the output - the input's"
            + " send time (same clock). Producer and consumer run in the bench JVM on the same"
            + " 2 cores.";
    return new PipelineSuiteResult(brokerDescription, method, results);
  }

  private PipelineSuiteResult.CaseResult runCase(
      String bootstrap, PipelineCase setup, ExportedModels models) throws InterruptedException {
    runNumber++;
    String prefix = "bench" + runNumber;
    BenchModel model = BenchModel.forInput(setup.input());
    List<byte[]> images;
    try {
      images = BenchImages.of(setup.input());
    } catch (IllegalStateException missing) {
      progress.say("pipeline: " + setup.name() + ": " + missing.getMessage());
      return new PipelineSuiteResult.CaseResult(
          setup,
          model.name(),
          0,
          missing.getMessage(),
          null,
          Map.of(),
          null,
          null,
          null,
          null,
          null,
          List.of(),
          null,
          null);
    }
    double meanBytes = BenchImages.meanBytes(images);
    progress.say("pipeline: " + setup.name());
    Double raw = null;
    Double oneBatchMs = null;
    Double withDecode = null;
    Double rawCpuMs = null;
    Double withDecodeCpuMs = null;
    try {
      if (!setup.passThrough()) {
        Optional<ModelSuiteResult.Point> rawPoint = rawRates.raw(model, setup.batchSize());
        raw = rawPoint.map(p -> p.imagesPerSecond().median()).orElse(null);
        rawCpuMs = rawPoint.map(p -> cpuMedian(p)).orElse(null);
        oneBatchMs = raw == null ? null : setup.batchSize() * 1000.0 / raw;
        // measured for the Java-decoded PNGs too: what the encoded path would cost them
        Optional<ModelSuiteResult.Point> decodePoint =
            rawRates.withDecode(model, setup.batchSize(), imageFiles(setup.input(), images));
        withDecode = decodePoint.map(p -> p.imagesPerSecond().median()).orElse(null);
        withDecodeCpuMs = decodePoint.map(p -> cpuMedian(p)).orElse(null);
      }
      createTopics(bootstrap, prefix);
      Path log = logDir.resolve("pipeline-" + runNumber + ".log");
      try (AppProcess app =
              AppProcess.start(
                  home,
                  appArgs(bootstrap, setup, prefix),
                  appEnv(bootstrap, setup, prefix, models),
                  log);
          OutputRecorder outputs =
              new OutputRecorder(bootstrap, prefix + "-out", !setup.passThrough());
          ImageProducer producer =
              new ImageProducer(bootstrap, prefix + "-in", setup.input(), images)) {
        producer.awaitLeaders(PARTITIONS, Duration.ofSeconds(60));
        double guess = expectedRate(setup, raw);
        int warmup =
            (int) Math.max(scale.warmupImages(), Math.round(guess * scale.warmupSeconds()));
        producer.sendBacklog(warmup);
        awaitOutputs(app, outputs, warmup, timeoutFor(warmup, guess).plusSeconds(120));
        guess = settle(app, outputs, producer, setup, guess);
        int rssMark = app.rssMark();
        long rssAfterWarmup = app.currentRss();

        List<Double> capacities = new ArrayList<>();
        List<Double> appCpuMs = new ArrayList<>();
        Map<Integer, Long> capacityBatches = new java.util.TreeMap<>();
        for (int r = 0; r < scale.repetitions(); r++) {
          Backlog timed = backlog(app, outputs, producer, setup, guess);
          int backlog = timed.arrivals().size();
          appCpuMs.add(timed.appCpuMsPerImage());
          List<OutputRecorder.Arrival> arrivals = timed.arrivals();
          double rate = timed.rate();
          capacities.add(rate);
          OutputRecorder.batchSizes(arrivals)
              .forEach((k, v) -> capacityBatches.merge(k, v, Long::sum));
          guess = rate;
          if (r == 0) {
            // memory is judged from here: the first backlog has run the largest batches there are
            rssMark = app.rssMark();
            rssAfterWarmup = app.currentRss();
          }
          progress.say(
              String.format(
                  java.util.Locale.ROOT,
                  "pipeline:   capacity %.1f images/s (%d images), app CPU %.3f ms/image",
                  rate,
                  backlog,
                  appCpuMs.get(appCpuMs.size() - 1)));
        }
        Spread capacity = Spread.of(capacities);

        List<PipelineSuiteResult.LoadResult> loads = new ArrayList<>();
        if (setup.latencyLoads()) {
          for (double fraction : scale.loadFractions()) {
            loads.add(measureLoad(app, producer, outputs, fraction, capacity.median()));
          }
        }
        List<Long> rss = app.rssSince(rssMark);
        long max = rss.stream().mapToLong(Long::longValue).max().orElse(rssAfterWarmup);
        long end = rss.isEmpty() ? app.currentRss() : rss.get(rss.size() - 1);
        PipelineSuiteResult.Memory memory =
            new PipelineSuiteResult.Memory(rssAfterWarmup, Math.max(max, rssAfterWarmup), end, rss);
        Double ratio = raw == null ? null : capacity.median() / raw;
        Double ratioWithDecode = withDecode == null ? null : capacity.median() / withDecode;
        PipelineSuiteResult.Cpu cpu =
            setup.passThrough()
                ? null
                : PipelineSuiteResult.Cpu.of(
                    Spread.of(appCpuMs), rawCpuMs, withDecodeCpuMs, setup.input().cpuTarget());
        return new PipelineSuiteResult.CaseResult(
            setup,
            setup.passThrough() ? null : model.name(),
            meanBytes,
            null,
            capacity,
            capacityBatches,
            raw,
            oneBatchMs,
            ratio,
            withDecode,
            ratioWithDecode,
            loads,
            memory,
            cpu);
      }
    } catch (IOException | RuntimeException e) {
      progress.say("pipeline: " + setup.name() + " failed: " + e.getMessage());
      return new PipelineSuiteResult.CaseResult(
          setup,
          setup.passThrough() ? null : model.name(),
          meanBytes,
          String.valueOf(e.getMessage()),
          null,
          Map.of(),
          raw,
          oneBatchMs,
          null,
          withDecode,
          null,
          List.of(),
          null,
          null);
    }
  }

  private static Double cpuMedian(ModelSuiteResult.Point point) {
    return point.cpuMsPerImage() == null ? null : point.cpuMsPerImage().median();
  }

  /** The case's images as files (written once per kind) for the model-with-decode child. */
  private Path imageFiles(BenchImages.Kind kind, List<byte[]> images) throws IOException {
    Path dir = workDir.resolve("images-" + kind.name().toLowerCase(java.util.Locale.ROOT));
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      String extension = kind.contentType().substring(kind.contentType().indexOf('/') + 1);
      for (int i = 0; i < images.size(); i++) {
        Files.write(dir.resolve(String.format("img%05d.%s", i, extension)), images.get(i));
      }
    }
    return dir;
  }

  private PipelineSuiteResult.LoadResult measureLoad(
      AppProcess app,
      ImageProducer producer,
      OutputRecorder outputs,
      double fraction,
      double capacity)
      throws IOException, InterruptedException {
    double rate = Math.max(1, fraction * capacity);
    int before = outputs.count();
    long start = System.currentTimeMillis();
    int sent = producer.sendAtRate(rate, scale.loadSeconds());
    awaitOutputs(
        app,
        outputs,
        before + sent,
        timeoutFor(sent, capacity).plusSeconds((long) scale.loadSeconds()));
    List<OutputRecorder.Arrival> arrivals = outputs.range(before, before + sent);
    double[] latencies = arrivals.stream().mapToDouble(OutputRecorder.Arrival::latencyMs).toArray();
    long last =
        arrivals.stream().mapToLong(OutputRecorder.Arrival::receivedMs).max().orElse(start + 1);
    PipelineSuiteResult.LoadResult result =
        new PipelineSuiteResult.LoadResult(
            fraction,
            rate,
            sent,
            sent / Math.max(0.001, (last - start) / 1000.0),
            Spread.quantile(latencies, 0.50),
            Spread.quantile(latencies, 0.95),
            Spread.quantile(latencies, 0.99),
            Spread.quantile(latencies, 1.0),
            OutputRecorder.batchSizes(arrivals));
    progress.say(
        String.format(
            java.util.Locale.ROOT,
            "pipeline:   %.0f%% load (%.1f images/s): p50 %.0f ms, p99 %.0f ms",
            fraction * 100,
            rate,
            result.p50Ms(),
            result.p99Ms()));
    return result;
  }

  /**
   * Untimed backlogs until two in a row agree on the app's CPU per image within {@link
   * BenchScale#SETTLED}, at most {@link BenchScale#settleBacklogs()}: the steady state the timed
   * backlogs are meant to measure.
   *
   * @return the rate of the last settling backlog (the next backlogs' size guess)
   */
  private double settle(
      AppProcess app,
      OutputRecorder outputs,
      ImageProducer producer,
      PipelineCase setup,
      double guess)
      throws IOException, InterruptedException {
    double previous = Double.NaN;
    for (int s = 0; s < scale.settleBacklogs(); s++) {
      Backlog untimed = backlog(app, outputs, producer, setup, guess);
      double cpu = untimed.appCpuMsPerImage();
      guess = untimed.rate();
      boolean settled = Math.abs(cpu - previous) <= BenchScale.SETTLED * previous;
      progress.say(
          String.format(
              java.util.Locale.ROOT,
              "pipeline:   settling %d: app CPU %.3f ms/image%s",
              s + 1,
              cpu,
              settled ? " (settled)" : ""));
      if (settled) {
        break;
      }
      previous = cpu;
    }
    return guess;
  }

  /** One capacity backlog's outputs, steady-state rate and the app's CPU per image over it. */
  private record Backlog(
      List<OutputRecorder.Arrival> arrivals, double rate, double appCpuMsPerImage) {}

  /** Sends a backlog sized for {@code guess} images/s at once and waits for all its outputs. */
  private Backlog backlog(
      AppProcess app,
      OutputRecorder outputs,
      ImageProducer producer,
      PipelineCase setup,
      double guess)
      throws IOException, InterruptedException {
    int backlog = backlogSize(setup, guess);
    int before = outputs.count();
    long start = System.currentTimeMillis();
    double cpuBefore = app.cpuMs();
    producer.sendBacklog(backlog);
    awaitOutputs(app, outputs, before + backlog, timeoutFor(backlog, guess));
    double cpu = (app.cpuMs() - cpuBefore) / backlog;
    List<OutputRecorder.Arrival> arrivals = outputs.range(before, before + backlog);
    return new Backlog(arrivals, steadyRate(arrivals, start), cpu);
  }

  private static void awaitOutputs(
      AppProcess app, OutputRecorder outputs, int count, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      app.checkAlive();
      long left = deadline - System.nanoTime();
      try {
        outputs.awaitCount(count, Duration.ofNanos(Math.max(1, Math.min(left, 2_000_000_000L))));
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() >= deadline) {
          throw notYet;
        }
      }
    }
  }

  /**
   * The backlog's steady-state throughput. Under exactly-once, outputs become visible in bursts,
   * one per commit; the first burst also carries the start-up (first fetch, first commit), so it is
   * left out: images after the first burst / time from the first burst to the last. With a single
   * burst (a backlog shorter than a commit interval) it falls back to images / (last output - first
   * send).
   */
  static double steadyRate(List<OutputRecorder.Arrival> arrivals, long sendStartMs) {
    long first =
        arrivals.stream().mapToLong(OutputRecorder.Arrival::receivedMs).min().orElse(sendStartMs);
    long last =
        arrivals.stream()
            .mapToLong(OutputRecorder.Arrival::receivedMs)
            .max()
            .orElse(sendStartMs + 1);
    long inFirstBurst = arrivals.stream().filter(a -> a.receivedMs() - first < BURST_MS).count();
    if (last - first < BURST_MS || inFirstBurst == arrivals.size()) {
      return arrivals.size() / Math.max(0.001, (last - sendStartMs) / 1000.0);
    }
    return (arrivals.size() - inFirstBurst) / ((last - first) / 1000.0);
  }

  /**
   * Long enough to last about {@code backlogSeconds}, and at least four (quick: two) full batches
   * per input partition: buffers are per partition, so a smaller backlog never fills a batch and
   * would measure linger-flushed small batches instead of capacity.
   */
  private int backlogSize(PipelineCase setup, double expectedRate) {
    long minimum = 2L * scale.warmupImages();
    if (scale != BenchScale.TINY) {
      int batchesPerPartition = scale == BenchScale.QUICK ? 2 : 4;
      minimum = Math.max(minimum, (long) batchesPerPartition * setup.batchSize() * PARTITIONS);
    }
    return (int) Math.max(minimum, Math.round(expectedRate * scale.backlogSeconds()));
  }

  private static Duration timeoutFor(int images, double rate) {
    return Duration.ofSeconds(60 + (long) (3 * images / Math.max(1, rate)));
  }

  /** A first guess of the capacity, to size the first backlog. */
  private static double expectedRate(PipelineCase setup, Double raw) {
    if (setup.passThrough()) {
      return 2000;
    }
    double modelRate = raw != null ? raw : setup.input() == BenchImages.Kind.PNG_28 ? 2000 : 100;
    return Math.min(modelRate, setup.input() == BenchImages.Kind.PNG_28 ? 1500 : modelRate);
  }

  static void createTopics(String bootstrap, String prefix)
      throws IOException, InterruptedException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(prefix + "-in", PARTITIONS, (short) 1),
                  new NewTopic(prefix + "-out", PARTITIONS, (short) 1),
                  new NewTopic(prefix + "-dlq", 1, (short) 1)))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IOException(
          "cannot create the topics " + prefix + "-*: " + e.getCause().getMessage(), e);
    }
  }

  private List<String> appArgs(String bootstrap, PipelineCase setup, String prefix)
      throws IOException {
    if (!setup.passThrough()) {
      return List.of("run");
    }
    return List.of(
        "bench",
        "worker-pass-through",
        "--bootstrap-servers",
        bootstrap,
        "--application-id",
        prefix + "-app",
        "--input",
        prefix + "-in",
        "--output",
        prefix + "-out",
        "--commit-interval-ms",
        Integer.toString(setup.commitIntervalMs()),
        "--state-dir",
        Files.createDirectories(workDir.resolve(prefix + "-state")).toString());
  }

  /**
   * The streaming classifier's own settings for a bench run, as environment variables (see {@code
   * mnasnet run --help}): topics {@code prefix-in/-out/-dlq}, the model in {@code modelDir}, no hot
   * reload, CPU, no metrics port (so no web view).
   */
  static Map<String, String> classifierEnv(
      String bootstrap,
      String prefix,
      Path modelDir,
      Path stateDir,
      int batchSize,
      int commitIntervalMs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MNASNET_BOOTSTRAP_SERVERS", bootstrap);
    env.put("MNASNET_APPLICATION_ID", prefix + "-app");
    env.put("MNASNET_INPUT_TOPIC", prefix + "-in");
    env.put("MNASNET_OUTPUT_TOPIC", prefix + "-out");
    env.put("MNASNET_DLQ_TOPIC", prefix + "-dlq");
    env.put("MNASNET_TOPICS_REPLICATION_FACTOR", "1");
    env.put("MNASNET_MODEL_DIR", modelDir.toString());
    env.put("MNASNET_MODEL_POLL_INTERVAL_MS", "0");
    env.put("MNASNET_DEVICE", "cpu");
    env.put("MNASNET_BATCH_SIZE", Integer.toString(batchSize));
    env.put("MNASNET_BATCH_LINGER_MS", Integer.toString(LINGER_MS));
    env.put("MNASNET_METRICS_PORT", "-1");
    env.put("MNASNET_STATE_DIR", stateDir.toString());
    env.put("MNASNET_KAFKA_COMMIT_INTERVAL_MS", Integer.toString(commitIntervalMs));
    return env;
  }

  /**
   * The streaming classifier's settings, all from the environment (see {@code mnasnet run --help}).
   */
  private Map<String, String> appEnv(
      String bootstrap, PipelineCase setup, String prefix, ExportedModels models)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    // A capped heap, as a deployment has (deploy/: 40% of the pod's limit): with the JVM's default
    // (a quarter of this machine's RAM) G1 grew the heap of even the pass-through app from 0.8 to
    // 1.5 GB under 20 KB records, which would hide a native leak rather than show one.
    env.put(
        "MNASNET_JAVA_OPTS",
        (Objects.requireNonNullElse(System.getenv("MNASNET_JAVA_OPTS"), "") + " " + APP_HEAP)
            .strip());
    if (setup.passThrough()) {
      return env;
    }
    env.putAll(
        classifierEnv(
            bootstrap,
            prefix,
            models.dir(BenchModel.forInput(setup.input())),
            Files.createDirectories(workDir.resolve(prefix + "-state")),
            setup.batchSize(),
            setup.commitIntervalMs()));
    env.put("MNASNET_INFERENCE_ENGINE", engine);
    if (setup.batchSize() == 1) {
      // The per-record design of the common example (with the model loaded once): one model
      // call per image, one call at a time, TensorFlow's own threading.
      env.put("MNASNET_NUM_STREAM_THREADS", "1");
      env.put("MNASNET_INFERENCE_SHARDS", "1");
    }
    return env;
  }
}
