package io.mnasnet.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.inference.engine.Engine;
import io.mnasnet.streams.inference.ModelIdentity;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.validation.RejectionReason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/grafana/mnasnet-dashboard.json} queries series the app really exports: the names
 * come from a Prometheus scrape of {@link PipelineMetrics} and from the gauges the app registers
 * itself, not from a list written twice.
 */
class GrafanaDashboardTest {
  private static final String DASHBOARD = "deploy/grafana/mnasnet-dashboard.json";
  private static final String APP =
      "streams-app/src/main/java/io/mnasnet/streams/StreamingClassifierApp.java";
  private static final Pattern SERIES = Pattern.compile("\\bmnasnet_[a-z0-9_]+");
  private static final Pattern SCRAPED_NAME = Pattern.compile("(?m)^(mnasnet_[a-z0-9_]+)");
  private static final Pattern APP_GAUGE =
      Pattern.compile("Gauge\\.builder\\(\\s*\"(mnasnet[.a-z0-9]+)\"");

  private final JsonNode dashboard = RepositoryFiles.json(DASHBOARD);

  @Test
  void everyQueriedSeriesIsExportedByTheApp() {
    Set<String> exported = exportedSeries();
    assertThat(queriedSeries()).isNotEmpty().isSubsetOf(exported);
  }

  @Test
  void showsThroughputLatencyBatchingLagAndModelVersion() {
    assertThat(queriedSeries())
        .contains(
            "mnasnet_records_in_total",
            "mnasnet_predictions_out_total",
            "mnasnet_records_dead_lettered_total",
            "mnasnet_batch_size_bucket",
            "mnasnet_inference_seconds_bucket",
            "mnasnet_end_to_end_latency_seconds_bucket",
            "mnasnet_consumer_lag",
            "mnasnet_model_version",
            "mnasnet_model_info");
  }

  @Test
  void panelsHaveUniqueIdsAndATemplatedPrometheusDatasource() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as(panel.path("title").asText()).isTrue();
      assertThat(panel.path("datasource").path("type").asText()).isEqualTo("prometheus");
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).isNotEmpty();
    }
    assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
        .contains("datasource");
  }

  private Set<String> queriedSeries() {
    Set<String> series = new TreeSet<>();
    for (String expression : dashboard.findValuesAsText("expr")) {
      Matcher matcher = SERIES.matcher(expression);
      while (matcher.find()) {
        series.add(matcher.group());
      }
    }
    return series;
  }

  /** Series names of a scrape with every pipeline metric recorded once, plus the app's gauges. */
  private static Set<String> exportedSeries() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry);
    metrics.recordIn();
    metrics.deadLettered(RejectionReason.values()[0]);
    metrics.batchClassified(8, 2_000_000);
    metrics.predictionOut(15);
    metrics.buffered("0_0", 3);
    metrics.modelServed(
        new ModelIdentity("fixture", 1, Engine.ONNX_RUNTIME, List.of("a", "b")), false);
    Set<String> names = new TreeSet<>();
    Matcher scraped = SCRAPED_NAME.matcher(registry.scrape());
    while (scraped.find()) {
      names.add(scraped.group(1));
    }
    Matcher gauge = APP_GAUGE.matcher(RepositoryFiles.text(APP));
    while (gauge.find()) {
      names.add(gauge.group(1).replace('.', '_'));
    }
    return names;
  }
}
