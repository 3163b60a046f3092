package io.mnasnet.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP operations endpoint (health, Prometheus metrics) of one app instance on loopback, for
 * the integration tests, whether the app runs in this JVM or in its own.
 */
public final class OperationsEndpoint {
  private static final Pattern BUFFERED = Pattern.compile("(?m)^mnasnet_buffered_images (\\S+)$");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  public OperationsEndpoint(int port) {
    this.port = port;
  }

  /** A port free right now, to give to an app started in another process. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** GET {@code path}; fails the test if nothing answers. */
  public HttpResponse<String> get(String path) {
    try {
      return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + uri(path) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during GET " + uri(path), e);
    }
  }

  /** The status code of GET {@code path}, or -1 while nothing listens (for polling). */
  public int status(String path) {
    try {
      return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** {@code mnasnet_buffered_images} from the metrics, or -1 while it cannot be read. */
  public int bufferedImages() {
    String metrics;
    try {
      metrics = http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    Matcher m = BUFFERED.matcher(metrics);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
