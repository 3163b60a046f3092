package io.mnasnet.streams.webview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.streams.ops.Health;
import io.mnasnet.streams.ops.OperationsHttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
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
                new WebViewRoutes(view, new AllowedHosts("0.0.0.0", List.of("view.example"))))) {
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

      // a card's picture, at the address its card gives
      byte[] png = io.mnasnet.inference.image.ImageEncoding.encodeGreyPng(new byte[784], 28, 28);
      view.predicted(TestPredictions.of("shoe", 1, null, 5, System.currentTimeMillis()), png);
      io.mnasnet.streams.KafkaTestSupport.await(
          "the card", java.time.Duration.ofSeconds(20), () -> !view.snapshot(0).recent().isEmpty());
      String address = view.snapshot(0).cards().get(0).thumbnail();
      HttpResponse<byte[]> picture =
          http.send(
              HttpRequest.newBuilder(uri(server, address)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(picture.statusCode()).isEqualTo(200);
      assertThat(picture.headers().firstValue("Content-Type")).hasValue("image/png");
      assertThat(picture.body()).isEqualTo(png);
      assertThat(get(server, address.replace("seq=1", "seq=2")).statusCode()).isEqualTo(404);
      assertThat(get(server, "/api/thumbnail?instance=%3Cx%3E&seq=1").statusCode()).isEqualTo(404);
      assertThat(get(server, "/api/thumbnail").statusCode()).isEqualTo(404);

      HttpResponse<String> delete =
          http.send(
              HttpRequest.newBuilder(uri(server, "/api/view")).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(delete.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void answersOnlyToItsOwnHostNamesAgainstDnsRebinding() throws Exception {
    try (LiveView view = new LiveView(Clock.systemUTC());
        OperationsHttpServer server =
            new OperationsHttpServer(
                "127.0.0.1",
                0,
                registry,
                () -> new Health(true, true, "ok"),
                new WebViewRoutes(view, new AllowedHosts("127.0.0.1", List.of("view.example"))))) {
      int port = server.port();
      assertThat(rawStatus(port, "/", "localhost:" + port)).isEqualTo(200);
      assertThat(rawStatus(port, "/api/view?after=0", "127.0.0.1:" + port)).isEqualTo(200);
      assertThat(rawStatus(port, "/", "View.Example")).isEqualTo(200);
      // a hostile page's name resolved to 127.0.0.1 (a kubectl port-forward listens there)
      assertThat(rawStatus(port, "/", "evil.example:" + port)).isEqualTo(403);
      assertThat(rawStatus(port, "/api/view?after=0", "evil.example")).isEqualTo(403);
      assertThat(rawStatus(port, "/static/view.js", "localhost.evil.example")).isEqualTo(403);
      // metrics and health are for scrapers and probes, which may use any name
      assertThat(rawStatus(port, "/metrics", "evil.example")).isEqualTo(200);
      assertThat(rawStatus(port, "/health/live", "evil.example")).isEqualTo(200);
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

  /** The status of a GET with the given Host header (HttpClient will not send another one). */
  private static int rawStatus(int port, String path, String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  private HttpResponse<String> get(OperationsHttpServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(OperationsHttpServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
