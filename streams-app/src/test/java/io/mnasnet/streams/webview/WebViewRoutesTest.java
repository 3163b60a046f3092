package io.mnasnet.streams.webview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.streams.ops.Health;
import io.mnasnet.streams.ops.OperationsHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The routes on a real {@link OperationsHttpServer} (loopback, any free port). */
class WebViewRoutesTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void servesThePageItsFilesAndJsonReadOnly() throws Exception {
    try (LiveView view = new LiveView(Clock.systemUTC());
        OperationsHttpServer server =
            new OperationsHttpServer(
                "127.0.0.1",
                0,
                registry,
                () -> new Health(true, true, "ok"),
                new WebViewRoutes(view))) {
      HttpResponse<String> page = get(server, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(page.body()).contains("/static/view.js").doesNotContain("<script>");
      assertThat(get(server, "/static/view.js").body()).contains("textContent");
      assertThat(get(server, "/static/view.css").statusCode()).isEqualTo(200);
      assertThat(get(server, "/static/../WebViewRoutes.class").statusCode()).isEqualTo(404);
      assertThat(get(server, "/metrics").statusCode()).isEqualTo(200);

      HttpResponse<String> api = get(server, "/api/view?after=0");
      assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode json = new ObjectMapper().readTree(api.body());
      assertThat(json.at("/totals/predictions").asLong()).isZero();
      assertThat(json.at("/series").size()).isEqualTo(LiveView.SLOTS - 1);

      HttpResponse<String> delete =
          http.send(
              HttpRequest.newBuilder(uri(server, "/api/view")).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(delete.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void withoutTheWebViewThereIsNoPage() throws Exception {
    try (OperationsHttpServer server =
        new OperationsHttpServer("127.0.0.1", 0, registry, () -> new Health(true, true, "ok"))) {
      assertThat(get(server, "/").statusCode()).isEqualTo(404);
      assertThat(get(server, "/api/view").statusCode()).isEqualTo(404);
      assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theAfterParameterIsReadDefensively() {
    assertThat(WebViewRoutes.afterParameter(null)).isZero();
    assertThat(WebViewRoutes.afterParameter("after=41")).isEqualTo(41);
    assertThat(WebViewRoutes.afterParameter("x=1&after=7")).isEqualTo(7);
    assertThat(WebViewRoutes.afterParameter("after=<script>")).isZero();
    assertThat(WebViewRoutes.afterParameter("after=-5")).isZero();
  }

  private HttpResponse<String> get(OperationsHttpServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(OperationsHttpServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
