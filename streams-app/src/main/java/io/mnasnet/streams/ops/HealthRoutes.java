package io.mnasnet.streams.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} (200 while the instance works, else 503) and {@code GET /health/ready}
 * (200 while it classifies, else 503), bodies of one line saying the state. Cheap: a volatile read
 * and a few bytes, so they answer at once on any listener that has a free thread.
 */
final class HealthRoutes {
  private HealthRoutes() {}

  static void register(HttpServer server, Supplier<Health> health) {
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
  }

  private static String status(boolean ok, Health health) {
    return (ok ? "OK " : "NOT OK ") + health.detail() + "\n";
  }

  /** A GET/HEAD answer; any other method is 405. */
  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(method);
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
