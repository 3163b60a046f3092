package io.mnasnet.streams.ops;

import com.sun.net.httpserver.HttpServer;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probes' own listener ({@code health.port}): {@code /health/live} and {@code /health/ready}
 * and nothing else, on threads of its own. Whatever the clients of the metrics port and the web
 * view do (scrapes that hang, pages that stop reading, half-sent requests), they hold threads of
 * the other listener, never these, so a probe is answered at once and Kubernetes does not restart a
 * pod that works. The JDK's time limits ({@link HttpListener}) hold here too.
 */
public final class HealthHttpServer implements AutoCloseable {
  /** Two: a probe is answered in microseconds, so one spare thread covers a stalled client. */
  static final int THREADS = 2;

  private static final Logger log = LoggerFactory.getLogger(HealthHttpServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Binds and starts the listener.
   *
   * @param port the port, 0 for any free one
   * @throws java.io.UncheckedIOException naming the address when it cannot be bound
   */
  public HealthHttpServer(String host, int port, Supplier<Health> health) {
    executor = HttpListener.threads("health-http", THREADS);
    server =
        HttpListener.bind(host, port, "the health probes (metrics.host/health.port)", executor);
    HealthRoutes.register(server, health);
    server.start();
    log.info(
        "Health probes on http://{}:{}/ (/health/live, /health/ready; {})",
        host,
        port(),
        HttpListener.limits());
  }

  /** The port the listener is bound to. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
