package io.mnasnet.streams.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.streams.webview.WebViewRoutes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoint (the JDK's {@code com.sun.net.httpserver}):
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format;
 *   <li>{@code GET /health/live}: 200 while the instance works, else 503;
 *   <li>{@code GET /health/ready}: 200 while it classifies (Streams RUNNING, model loaded), else
 *       503.
 * </ul>
 *
 * Health bodies are one line of text saying the state. With the web view on ({@code web.view}),
 * also the read-only live page at {@code /} and its data (see {@link WebViewRoutes}).
 */
public final class OperationsHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperationsHttpServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  /** Binds and starts the server, without the web view. */
  public OperationsHttpServer(
      String host, int port, PrometheusMeterRegistry registry, Supplier<Health> health) {
    this(host, port, registry, health, null);
  }

  /**
   * Binds and starts the server.
   *
   * @param port the port, 0 for any free one
   * @param webView the live page's routes, or {@code null} for none
   * @throws UncheckedIOException naming the address when it cannot be bound
   */
  public OperationsHttpServer(
      String host,
      int port,
      PrometheusMeterRegistry registry,
      Supplier<Health> health,
      WebViewRoutes webView) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " for metrics and health (metrics.host/metrics.port): "
              + e.getMessage(),
          e);
    }
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health/live",
        exchange -> {
          Health h = health.get();
          respond(exchange, h.live() ? 200 : 503, "text/plain; charset=utf-8", status(h.live(), h));
        });
    server.createContext(
        "/health/ready",
        exchange -> {
          Health h = health.get();
          respond(
              exchange, h.ready() ? 200 : 503, "text/plain; charset=utf-8", status(h.ready(), h));
        });
    if (webView != null) {
      webView.register(server);
    }
    executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "operations-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    log.info(
        "Metrics and health on http://{}:{}/ (/metrics, /health/live, /health/ready){}",
        host,
        port(),
        webView == null ? "" : ", live web view at /");
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static String status(boolean ok, Health health) {
    return (ok ? "OK " : "NOT OK ") + health.detail() + "\n";
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
