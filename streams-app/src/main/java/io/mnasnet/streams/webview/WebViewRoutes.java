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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>Only the host names of {@link AllowedHosts} are served (403 otherwise: DNS rebinding). At most
 * {@value #CONCURRENT_DATA_REQUESTS} data requests run at once (a request holds its turn until its
 * response is taken, or the JDK's response time limit cuts the client off), whatever the number of
 * pages or clients: the others wait up to {@value #TURN_WAIT_MS} ms for a turn, then get 503 with
 * {@code Retry-After: 1} (the page tries again on its next poll), so clients of the view cannot
 * take every thread of the endpoint from the scrapes.
 */
public final class WebViewRoutes {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String RESOURCES = "io/mnasnet/streams/webview/";

  /** Data requests (snapshots) served at once; the rest are told to come back. */
  static final int CONCURRENT_DATA_REQUESTS = 4;

  /** How long a data request waits for its turn before it is told to come back. */
  static final long TURN_WAIT_MS = 250;

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
  private final AllowedHosts hosts;
  private final Semaphore dataRequests = new Semaphore(CONCURRENT_DATA_REQUESTS);
  private final ObjectMapper json = ObjectMapperFactory.create();
  private final Map<String, StaticFile> files =
      Map.of(
          "/", StaticFile.load("index.html", "text/html; charset=utf-8"),
          "/static/view.css", StaticFile.load("view.css", "text/css; charset=utf-8"),
          "/static/view.js", StaticFile.load("view.js", "text/javascript; charset=utf-8"),
          "/static/favicon.svg", StaticFile.load("favicon.svg", "image/svg+xml"));

  public WebViewRoutes(LiveView view, AllowedHosts hosts) {
    this.view = view;
    this.hosts = hosts;
  }

  /** Adds the routes to {@code server} ({@code /} answers 404 for any path it does not serve). */
  public void register(HttpServer server) {
    server.createContext("/", exchange -> ifAllowed(exchange, this::staticFile));
    server.createContext("/api/view", exchange -> ifAllowed(exchange, this::bounded));
  }

  private interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  private void ifAllowed(HttpExchange exchange, Route route) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (!hosts.allows(host)) {
      send(exchange, 403, "text/plain; charset=utf-8", AllowedHosts.refusal(host).getBytes(UTF_8));
      return;
    }
    route.handle(exchange);
  }

  private void bounded(HttpExchange exchange) throws IOException {
    boolean turn;
    try {
      turn = dataRequests.tryAcquire(TURN_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      turn = false;
    }
    if (!turn) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      send(exchange, 503, "text/plain; charset=utf-8", "busy, try again\n".getBytes(UTF_8));
      return;
    }
    try {
      snapshot(exchange);
    } finally {
      dataRequests.release();
    }
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
