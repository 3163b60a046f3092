package io.mnasnet.streams.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JDK HTTP servers ({@code com.sun.net.httpserver}) of this app, each on its own fixed
 * pool of daemon threads, with time limits no client can outlast.
 *
 * <p>The JDK's server reads a request's line and headers, runs the handler and writes the response
 * all on one thread of the server's executor, with blocking socket calls: a client that sends half
 * a request line, or asks for a large response and never reads it, holds that thread. Without a
 * limit it holds it forever, and a pool of two threads was taken by four such connections (the
 * probes then timed out and Kubernetes would have restarted a healthy pod). The JDK has the limits,
 * as system properties read once, when its first server is made: {@code
 * sun.net.httpserver.maxReqTime} closes a connection whose request has not arrived whole within
 * that many seconds, {@code sun.net.httpserver.maxRspTime} one whose response is not taken within
 * that many seconds of the request (the closed socket frees the thread). This class sets them,
 * before making any server, unless the JVM was started with them ({@code -D} in {@code
 * MNASNET_JAVA_OPTS}); they are process-wide, which is right for this app: its servers are the only
 * ones in the process.
 */
final class HttpListener {
  /** A request line and headers must arrive within this. */
  static final Duration REQUEST_TIME_LIMIT = Duration.ofSeconds(5);

  /** A response must be taken within this of its request (a snapshot or thumbnail included). */
  static final Duration RESPONSE_TIME_LIMIT = Duration.ofSeconds(10);

  static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
  static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";

  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

  static {
    setIfAbsent(MAX_REQUEST_TIME, REQUEST_TIME_LIMIT);
    setIfAbsent(MAX_RESPONSE_TIME, RESPONSE_TIME_LIMIT);
  }

  private HttpListener() {}

  /**
   * A server bound to {@code host:port} (not started), running its exchanges on {@code threads}
   * daemon threads named {@code name-N}.
   *
   * @param what what it serves and which settings choose its address, for the error message
   * @throws UncheckedIOException naming the address when it cannot be bound
   */
  static HttpServer bind(String host, int port, String what, ExecutorService executor) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + " for " + what + ": " + e.getMessage(), e);
    }
    server.setExecutor(executor);
    return server;
  }

  /** A fixed pool of {@code count} daemon threads named {@code name-1}, {@code name-2}, ... */
  static ExecutorService threads(String name, int count) {
    AtomicInteger number = new AtomicInteger();
    return Executors.newFixedThreadPool(
        count,
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The limits in force, for the start-up log. */
  static String limits() {
    return "requests within "
        + System.getProperty(MAX_REQUEST_TIME)
        + " s, responses taken within "
        + System.getProperty(MAX_RESPONSE_TIME)
        + " s";
  }

  private static void setIfAbsent(String property, Duration limit) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Long.toString(limit.toSeconds()));
    } else {
      log.info("{}={} from the command line", property, System.getProperty(property));
    }
  }
}
