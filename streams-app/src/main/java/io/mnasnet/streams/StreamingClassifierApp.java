package io.mnasnet.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.streams.batching.BatchDrain;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.OperationsSettings;
import io.mnasnet.streams.inference.BatchInference;
import io.mnasnet.streams.inference.CoalescingInference;
import io.mnasnet.streams.inference.ImageClassifier;
import io.mnasnet.streams.inference.ModelHolder;
import io.mnasnet.streams.inference.ModelIdentity;
import io.mnasnet.streams.inference.ModelLoader;
import io.mnasnet.streams.inference.ModelReloader;
import io.mnasnet.streams.ops.Health;
import io.mnasnet.streams.ops.HealthHttpServer;
import io.mnasnet.streams.ops.OperationsHttpServer;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.ops.TopicProvisioner;
import io.mnasnet.streams.security.MissingPermission;
import io.mnasnet.streams.topology.ClassifierTopology;
import io.mnasnet.streams.topology.StreamsProperties;
import io.mnasnet.streams.webview.AllowedHosts;
import io.mnasnet.streams.webview.LiveFeed;
import io.mnasnet.streams.webview.LiveView;
import io.mnasnet.streams.webview.WebViewRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming classifier, in-process: reads image events from the input topic, classifies them in
 * micro-batches with a SavedModel and writes predictions to the output topic; rejected input goes
 * to the dead-letter topic. The command line ({@code RunCommand}), the demo and the tests all run
 * it through this class.
 *
 * <p>Needs: a reachable Kafka cluster with the three topics (or {@code topics.create=true}), a
 * model directory. Offers: metrics and health over HTTP on {@link #metricsPort()} (and the live web
 * page at {@link #webViewUrl()} unless {@code web.view=false}), hot reload of newer model versions,
 * graceful {@link #close(Duration)}.
 *
 * <pre>{@code
 * try (StreamingClassifierApp app = new StreamingClassifierApp(config, SavedModelClassifier::load)) {
 *   app.start();
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   ...
 * }
 * }</pre>
 */
public final class StreamingClassifierApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamingClassifierApp.class);

  private final StreamsAppConfig config;
  private final ModelLoader loader;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(registry);
  private final ModelHolder models = new ModelHolder();
  private final BatchDrain drain = new BatchDrain();

  private KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;
  private ModelReloader reloader;
  private OperationsHttpServer http;
  private HealthHttpServer healthHttp;
  private LiveView liveView;
  private boolean started;
  private boolean closed;
  private volatile String failure;

  /**
   * An app that is not started yet.
   *
   * @param loader loads one model version (e.g. the SavedModel loader)
   */
  public StreamingClassifierApp(StreamsAppConfig config, ModelLoader loader) {
    this.config = config;
    this.loader = loader;
  }

  /**
   * Loads the model, checks (or creates) the topics, starts the HTTP endpoint, Kafka Streams and
   * the model reloader. Returns once Kafka Streams is starting; see {@link #awaitRunning}.
   *
   * @throws io.mnasnet.streams.inference.ModelLoadException when the model cannot be loaded
   * @throws IllegalStateException when topics are missing or Kafka is unreachable
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    ModelDirectory directory = new ModelDirectory(config.inference().modelDir());
    ImageClassifier first = ModelReloader.loadNewest(directory, loader);
    models.install(first);
    metrics.modelServed(first.identity(), false);

    TopicProvisioner.ensureTopics(config, adminProperties(config));

    Clock clock = Clock.systemUTC();
    // the page needs the endpoint; without it nothing would read the view's data
    boolean webView = config.operations().webView() && config.operations().metricsPort() >= 0;
    liveView = webView ? new LiveView(clock) : null;
    LiveFeed liveFeed = webView ? liveView : LiveFeed.NONE;
    BatchInference inference = new CoalescingInference(models, clock);
    Topology topology =
        ClassifierTopology.build(config, inference, metrics, drain, clock, liveFeed);
    Properties properties = StreamsProperties.of(config, metrics, liveFeed);
    streams = new KafkaStreams(topology, properties);
    streams.setUncaughtExceptionHandler(
        error -> {
          Optional<String> denied = MissingPermission.explain(error, config);
          failure = denied.orElse(String.valueOf(error));
          if (denied.isPresent()) {
            // a missing ACL does not heal by restarting the thread: stop, say what to grant
            log.error("{} Shutting this instance down.", denied.get());
          } else {
            log.error(
                "A stream thread failed; shutting this instance down (its uncommitted work will be"
                    + " redone by the instance that takes over its partitions)",
                error);
          }
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (newState, oldState) -> log.info("Kafka Streams: {} -> {}", oldState, newState));
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    Gauge.builder("mnasnet.consumer.lag", this, StreamingClassifierApp::consumerLag)
        .description("records of the input topic not yet read by this instance")
        .register(registry);

    OperationsSettings operations = config.operations();
    if (operations.healthPort() >= 0) {
      healthHttp =
          new HealthHttpServer(operations.metricsHost(), operations.healthPort(), this::health);
    }
    if (operations.metricsPort() >= 0) {
      http =
          new OperationsHttpServer(
              operations.metricsHost(),
              operations.metricsPort(),
              registry,
              this::health,
              liveView == null
                  ? null
                  : new WebViewRoutes(
                      liveView,
                      new AllowedHosts(operations.metricsHost(), operations.allowedHosts())));
    }
    streams.start();
    if (!config.inference().pollInterval().isZero()) {
      reloader =
          new ModelReloader(
              directory,
              loader,
              models,
              config.inference().pollInterval(),
              identity -> metrics.modelServed(identity, true));
    }
    log.info(
        "Classifying {} -> {} (dead letters: {}), model {}, batch {} / {} ms, {}",
        config.topics().input(),
        config.topics().output(),
        config.topics().deadLetter(),
        first.identity(),
        config.batching().size(),
        config.batching().linger().toMillis(),
        config.kafka().guarantee().streamsValue());
  }

  /**
   * Waits until Kafka Streams is RUNNING.
   *
   * @throws IllegalStateException when it fails or does not get there within {@code timeout}
   */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state() != State.RUNNING) {
      State state = state();
      if (state == State.ERROR || state == State.NOT_RUNNING || state == State.PENDING_ERROR) {
        throw new IllegalStateException(
            "Kafka Streams stopped in state "
                + state
                + failureReason().map(reason -> ": " + reason).orElse(""));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Kafka Streams not RUNNING after " + timeout + " (state " + state + ")");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Why a stream thread failed, if one did: for a missing Kafka permission, the resource and
   * operation to grant ({@link MissingPermission}).
   */
  public Optional<String> failureReason() {
    return Optional.ofNullable(failure);
  }

  /** Kafka Streams' state ({@code CREATED} before {@link #start()}). */
  public State state() {
    KafkaStreams current = streams;
    return current == null ? State.CREATED : current.state();
  }

  /** The model being served, if one is loaded. */
  public Optional<ModelIdentity> servedModel() {
    return models.currentIdentity();
  }

  /** Liveness and readiness, as the HTTP endpoint reports them. */
  public Health health() {
    State state = state();
    Optional<ModelIdentity> model = models.currentIdentity();
    boolean live =
        state != State.ERROR && state != State.PENDING_ERROR && state != State.NOT_RUNNING;
    boolean ready = state == State.RUNNING && model.isPresent();
    String detail =
        "streams=" + state + " model=" + model.map(ModelIdentity::toString).orElse("none");
    return new Health(live, ready, detail);
  }

  /** The address of the live web page, if the endpoint serves it. */
  public Optional<String> webViewUrl() {
    if (http == null || liveView == null) {
      return Optional.empty();
    }
    String host = config.operations().metricsHost();
    boolean anyAddress = host.equals("0.0.0.0") || host.equals("::") || host.isBlank();
    return Optional.of("http://" + (anyAddress ? "localhost" : host) + ":" + http.port() + "/");
  }

  /** The port of the probes' own listener ({@code health.port}), or -1 when there is none. */
  public int healthPort() {
    return healthHttp == null ? -1 : healthHttp.port();
  }

  /** The port of the metrics/health endpoint, or -1 when there is none. */
  public int metricsPort() {
    return http == null ? -1 : http.port();
  }

  /** The pipeline's counters and gauges. */
  public PipelineMetrics metrics() {
    return metrics;
  }

  /** All metrics in Prometheus text format (what {@code /metrics} serves). */
  public String scrapeMetrics() {
    return registry.scrape();
  }

  /**
   * Stops gracefully within {@code timeout}: buffered images are flushed (for up to half the
   * timeout), then Kafka Streams closes and leaves its group, so the partitions move to another
   * instance at once instead of after the session timeout; then the model and the endpoint close.
   * Under exactly-once nothing is lost even if the timeout runs out: what was not flushed stays in
   * the changelogged buffer for the next owner.
   */
  public void close(Duration timeout) {
    close(timeout, true);
  }

  /**
   * Stops at once, without flushing buffered images: they stay in the changelogged buffer and are
   * classified by whichever instance owns their partition next (after a restart of this one, or
   * another instance of the group). Nothing is lost under either guarantee.
   */
  public void closeWithoutFlushing(Duration timeout) {
    close(timeout, false);
  }

  private synchronized void close(Duration timeout, boolean flush) {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    if (streams != null) {
      if (flush && streams.state() == State.RUNNING) {
        drain.start();
        waitForEmptyBuffers(timeout.dividedBy(2));
      }
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      boolean clean =
          streams.close(
              CloseOptions.groupMembershipOperation(
                      CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                  .withTimeout(left));
      if (!clean) {
        log.warn("Kafka Streams did not close within {}", timeout);
      }
      streamsMetrics.close();
    }
    if (reloader != null) {
      reloader.close();
    }
    models.close();
    if (healthHttp != null) {
      healthHttp.close();
    }
    if (http != null) {
      http.close();
    }
    if (liveView != null) {
      liveView.close();
    }
    registry.close();
    log.info("Stopped");
  }

  /** {@link #close(Duration)} with the configured shutdown timeout. */
  @Override
  public void close() {
    close(config.operations().shutdownTimeout());
  }

  private void waitForEmptyBuffers(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (metrics.bufferedImages() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (metrics.bufferedImages() > 0) {
      log.warn(
          "{} buffered images not flushed before shutdown; they stay in the changelogged buffer",
          metrics.bufferedImages());
    }
  }

  /** Sum of {@code records-lag} over this instance's partitions of the input topic. */
  private double consumerLag() {
    KafkaStreams current = streams;
    if (current == null) {
      return 0;
    }
    double lag = 0;
    for (Map.Entry<MetricName, ? extends Metric> entry : current.metrics().entrySet()) {
      MetricName name = entry.getKey();
      if (name.name().equals("records-lag")
          && name.group().equals("consumer-fetch-manager-metrics")
          && config.topics().input().equals(name.tags().get("topic"))
          && name.tags().containsKey("partition")
          && entry.getValue().metricValue() instanceof Double value
          && !value.isNaN()) {
        lag += Math.max(0, value);
      }
    }
    return lag;
  }

  private static Properties adminProperties(StreamsAppConfig config) {
    Properties properties = new Properties();
    properties.putAll(config.kafka().clientSettings());
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
    return properties;
  }
}
