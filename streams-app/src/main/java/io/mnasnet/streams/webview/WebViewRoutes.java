package io.mnasnet.streams.webview;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mnasnet.schemas.ObjectMapperFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web view's HTTP routes on the operations server, all read-only ({@code GET}/{@code HEAD};
 * anything else is 405):
 *
 * <ul>
 *   <li>{@code /}: the page; {@code /static/view.css} and {@code /static/view.js}: its style and
 *       script, served from the jar (no build step, no third-party code, works offline);
 *   <li>{@code /api/view?after=SEQ}: a {@link ViewSnapshot} as JSON; the page polls it every
 *       second.
 * </ul>
 *
 * Every response forbids what the page does not need: the Content-Security-Policy allows scripts,
 * styles and requests from this origin only and images from this origin and {@code data:} URLs
 * (thumbnails), so even a string that slipped past the page's escaping could not run code.
 */
public final class WebViewRoutes {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String RESOURCES = "io/mnasnet/streams/webview/";

  /** A file of the page, read from the jar once. */
  private record StaticFile(String contentType, byte[] body) {
    static StaticFile load(String name, String contentType) {
      try (InputStream in =
          WebViewRoutes.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCES + name + " in the jar");
        }
        return new StaticFile(contentType, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final LiveView view;
  private final ObjectMapper json = ObjectMapperFactory.create();
  private final Map<String, StaticFile> files =
      Map.of(
          "/", StaticFile.load("index.html", "text/html; charset=utf-8"),
          "/static/view.css", StaticFile.load("view.css", "text/css; charset=utf-8"),
          "/static/view.js", StaticFile.load("view.js", "text/javascript; charset=utf-8"),
          "/static/favicon.svg", StaticFile.load("favicon.svg", "image/svg+xml"));

  public WebViewRoutes(LiveView view) {
    this.view = view;
  }

  /** Adds the routes to {@code server} ({@code /} answers 404 for any path it does not serve). */
  public void register(HttpServer server) {
    server.createContext("/", this::staticFile);
    server.createContext("/api/view", this::snapshot);
  }

  private void staticFile(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    StaticFile file = files.get(path);
    if (file == null) {
      send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(UTF_8));
      return;
    }
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    send(exchange, 200, file.contentType(), file.body());
  }

  private void snapshot(HttpExchange exchange) throws IOException {
    long after = afterParameter(exchange.getRequestURI().getRawQuery());
    byte[] body = json.writeValueAsBytes(view.snapshot(after));
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "application/json", body);
  }

  /** The {@code after} query parameter, 0 when absent or not a number. */
  static long afterParameter(String query) {
    if (query == null) {
      return 0;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("after=")) {
        try {
          return Math.max(0, Long.parseLong(pair.substring("after=".length())));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Headers headers = exchange.getResponseHeaders();
      headers.set("Content-Type", contentType);
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("X-Frame-Options", "DENY");
      boolean head = "HEAD".equals(method);
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
