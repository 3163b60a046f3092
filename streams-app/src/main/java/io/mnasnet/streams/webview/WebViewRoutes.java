package io.mnasnet.streams.webview;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mnasnet.schemas.ObjectMapperFactory;
import io.mnasnet.streams.webview.Thumbnails.Thumbnail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
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
 *       second;
 *   <li>{@code /api/thumbnail?instance=ID&seq=SEQ}: the picture of a card on the page (made when
 *       first asked for, see {@link LiveView#thumbnail}); 404 once the card has left the page.
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

  /**
   * Pictures made at once: a large photo's takes a decode; the page asks for a whole screen of them
   * when it opens, so the rest wait their turn a little longer (the page retries a picture that
   * failed).
   */
  static final int CONCURRENT_PICTURES = 2;

  static final long PICTURE_WAIT_MS = 2_000;

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
  private final Semaphore pictures = new Semaphore(CONCURRENT_PICTURES);
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
    server.createContext(
        "/api/view",
        exchange ->
            ifAllowed(exchange, e -> inTurn(e, dataRequests, TURN_WAIT_MS, this::snapshot)));
    server.createContext(
        "/api/thumbnail",
        exchange ->
            ifAllowed(exchange, e -> inTurn(e, pictures, PICTURE_WAIT_MS, this::thumbnail)));
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

  /** Runs {@code route} holding a turn of {@code turns}, or answers 503 after {@code waitMs}. */
  private static void inTurn(HttpExchange exchange, Semaphore turns, long waitMs, Route route)
      throws IOException {
    boolean turn;
    try {
      turn = turns.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
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
      route.handle(exchange);
    } finally {
      turns.release();
    }
  }

  private void thumbnail(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String instance = textParameter(query, "instance");
    long seq = longParameter(query, "seq");
    Optional<Thumbnail> picture =
        instance == null || seq <= 0 ? Optional.empty() : view.thumbnail(instance, seq);
    if (picture.isEmpty()) {
      send(exchange, 404, "text/plain; charset=utf-8", "no picture\n".getBytes(UTF_8));
      return;
    }
    // a card's picture never changes (the address names the view's run and the card)
    exchange.getResponseHeaders().set("Cache-Control", "private, max-age=86400, immutable");
    send(exchange, 200, picture.get().mediaType(), picture.get().bytes());
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
    return longParameter(query, "after");
  }

  /** A query parameter that is a number >= 0; 0 when absent or not a number. */
  static long longParameter(String query, String name) {
    String text = textParameter(query, name);
    if (text == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(text));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A query parameter made of letters, digits and '-' only (ids), or null. */
  static String textParameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        String value = pair.substring(name.length() + 1);
        return value.matches("[A-Za-z0-9-]{1,64}") ? value : null;
      }
    }
    return null;
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
