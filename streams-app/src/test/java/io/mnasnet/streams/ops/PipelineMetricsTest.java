package io.mnasnet.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.inference.engine.Engine;
import io.mnasnet.streams.inference.ModelIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(registry);

  @Test
  void theServedModelIsNamedWithItsVersionAndEngine() {
    assertThat(registry.scrape()).contains("mnasnet_model_version 0.0").doesNotContain("engine=");

    metrics.modelServed(identity(1, Engine.ONNX_RUNTIME), false);
    assertThat(registry.scrape())
        .contains("mnasnet_model_version 1.0")
        .contains("mnasnet_model_info{engine=\"onnxruntime\",model=\"fmnist\",version=\"1\"} 1");

    // a reload replaces the series: a dashboard never sees two models served at once
    metrics.modelServed(identity(2, Engine.TENSORFLOW), true);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("mnasnet_model_version 2.0")
        .contains("mnasnet_model_reloads_total 1.0")
        .contains("mnasnet_model_info{engine=\"tensorflow\",model=\"fmnist\",version=\"2\"} 1");
    assertThat(scrape.lines().filter(line -> line.startsWith("mnasnet_model_info{"))).hasSize(1);
  }

  private static ModelIdentity identity(int version, Engine engine) {
    return new ModelIdentity("fmnist", version, engine, List.of("a", "b"));
  }
}
