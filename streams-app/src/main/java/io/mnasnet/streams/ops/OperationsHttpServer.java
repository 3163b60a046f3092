package io.mnasnet.streams.ops;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.streams.webview.WebViewRoutes;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoint ({@code metrics.host:metrics.port}, the JDK's {@code
 * com.sun.net.httpserver}):
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format;
 *   <li>{@code GET /health/live}, {@code GET /health/ready}: as on {@link HealthHttpServer}, for
 *       people and setups without a health port;
 *   <li>with the web view on ({@code web.view}), the read-only live page at {@code /} and its data
 *       (see {@link WebViewRoutes}, which bounds how many of its requests run at once).
 * </ul>
 *
 * <p>Slow and stalled clients: {@value #THREADS} threads, the JDK's request and response time
 * limits ({@link HttpListener}: a client that sends half a request, or never reads its answer, is
 * cut off and its thread freed), and the web view's own bound. The probes of an orchestrator belong
 * on the {@link HealthHttpServer}, which none of these clients can reach.
 */
public final class OperationsHttpServer implements AutoCloseable {
  /** Threads for scrapes, pages and people; each stalled client holds one until its time limit. */
  static final int THREADS = 8;

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
   * @throws java.io.UncheckedIOException naming the address when it cannot be bound
   */
  public OperationsHttpServer(
      String host,
      int port,
      PrometheusMeterRegistry registry,
      Supplier<Health> health,
      WebViewRoutes webView) {
    executor = HttpListener.threads("operations-http", THREADS);
    server =
        HttpListener.bind(host, port, "metrics and health (metrics.host/metrics.port)", executor);
    server.createContext(
        "/metrics",
        exchange ->
            HealthRoutes.respond(
                exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    HealthRoutes.register(server, health);
    if (webView != null) {
      webView.register(server);
    }
    server.start();
    log.info(
        "Metrics and health on http://{}:{}/ (/metrics, /health/live, /health/ready){}; {}",
        host,
        port(),
        webView == null ? "" : ", live web view at /",
        HttpListener.limits());
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
}
