package io.mnasnet.streams.bench;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.streams.ChildJvm;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.OperationsEndpoint;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestModels;
import io.mnasnet.streams.cli.RunCommandProcess;
import io.mnasnet.streams.webview.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Does the web view slow the pipeline? The app runs in its own JVM ({@code mnasnet run}, web view
 * on, fixture model); each round sends a backlog of real labelled 28x28 PNGs (in-JVM broker) and
 * measures the app's throughput (until a read_committed consumer has every prediction) and its CPU
 * time per image (utime + stime of the app process, from {@code /proc/PID/stat}), with no page open
 * and with five headless Chromium pages open on the view, polling every second. Rounds alternate 0
 * / 5 pages (the five browsers show {@code about:blank} in the 0-page rounds). With {@code
 * -Dmnasnet.bench.pages=pollers} the five "pages" are threads making exactly the page's requests
 * ({@code GET /api/view?after=SEQ} every second) without rendering: the server's cost alone,
 * without the browsers' own CPU on the same cores. Not part of the build; run with {@code mvn -pl
 * streams-app -am verify -Dit.test=NONE -Dtest=WebViewLoadBench -Dmnasnet.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (needs chromium + chromium-driver).
 */
@EnabledIfSystemProperty(named = "mnasnet.bench", matches = "true")
class WebViewLoadBench {
  private static final int IMAGES = Integer.getInteger("mnasnet.bench.images", 4000);
  private static final int ROUNDS = Integer.getInteger("mnasnet.bench.rounds", 3);
  private static final int PAGES = 5;

  /** 19: the browsers get only idle CPU, as when they run on the viewers' machines. */
  private static final int BROWSER_NICENESS = Integer.getInteger("mnasnet.bench.browserNice", 19);

  private static final boolean POLLERS =
      "pollers".equals(System.getProperty("mnasnet.bench.pages", "browsers"));

  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private record Round(
      int pages, double imagesPerSecond, double cpuMsPerImage, double browserCpuSeconds) {}

  @Test
  void measure() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();
    TestTopics topics = TestTopics.created(cluster, "webview-bench", 4, (short) 1);
    Path work = Files.createTempDirectory("webview-bench");
    int port = OperationsEndpoint.freePort();
    Process app = startApp(cluster, topics, work, port);
    List<ChromeDriver> pages = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> output = outputReader(cluster, topics)) {
      OperationsEndpoint endpoint = new OperationsEndpoint(port);
      KafkaTestSupport.await(
          "the app to be ready", TIMEOUT, () -> endpoint.status("/health/ready") == 200);
      for (int i = 0; i < PAGES && !POLLERS; i++) {
        pages.add(
            HeadlessChromium.start(work.resolve("profile-" + i), 1440, 1200, BROWSER_NICENESS));
      }
      round(cluster, topics, app, output, 0, pages, port); // warm-up: JIT, TensorFlow, caches
      List<Round> rounds = new ArrayList<>();
      for (int r = 0; r < ROUNDS; r++) {
        rounds.add(round(cluster, topics, app, output, 0, pages, port));
        rounds.add(round(cluster, topics, app, output, PAGES, pages, port));
      }
      System.out.println(
          (POLLERS ? "pages: HTTP pollers" : "pages: Chromium, niceness " + BROWSER_NICENESS)
              + ", "
              + IMAGES
              + " images/round");
      System.out.println("| round | pages open | images/s | app CPU ms/image | browsers' CPU s |");
      System.out.println("| --- | --- | --- | --- | --- |");
      for (int i = 0; i < rounds.size(); i++) {
        Round round = rounds.get(i);
        System.out.printf(
            Locale.ROOT,
            "| %d | %d | %.0f | %.3f | %.1f |%n",
            i + 1,
            round.pages(),
            round.imagesPerSecond(),
            round.cpuMsPerImage(),
            round.browserCpuSeconds());
      }
    } finally {
      pages.forEach(ChromeDriver::quit);
      app.destroy();
      app.waitFor();
    }
  }

  private Round round(
      EmbeddedKafkaCluster cluster,
      TestTopics topics,
      Process app,
      KafkaConsumer<byte[], byte[]> output,
      int open,
      List<ChromeDriver> pages,
      int port)
      throws Exception {
    for (int i = 0; i < pages.size(); i++) {
      pages.get(i).get(i < open ? "http://127.0.0.1:" + port + "/" : "about:blank");
    }
    List<PagePoller> pollers = new ArrayList<>();
    for (int i = 0; POLLERS && i < open; i++) {
      pollers.add(new PagePoller(port));
    }
    Thread.sleep(2000); // pages loaded and polling
    long now = System.currentTimeMillis();
    List<ProducerRecord<byte[], byte[]>> backlog =
        TestImages.fashionMnist(IMAGES, "bench-" + UUID.randomUUID()).stream()
            .map(png -> png.record(topics.input(), ImageEventFormat.RAW, now))
            .toList();
    long cpuBefore = cpuTicks(app.pid());
    long browsersBefore = browserTicks(app.pid());
    long start = System.nanoTime();
    KafkaTestSupport.sendAll(cluster.bootstrapServers(), backlog);
    int seen = 0;
    long deadline = start + TIMEOUT.toNanos();
    while (seen < IMAGES && System.nanoTime() < deadline) {
      seen += output.poll(Duration.ofMillis(100)).count();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu = cpuTicks(app.pid()) - cpuBefore;
    long browsers = browserTicks(app.pid()) - browsersBefore;
    pollers.forEach(PagePoller::stop);
    if (seen < IMAGES) {
      throw new AssertionError("only " + seen + " of " + IMAGES + " predictions arrived");
    }
    Round round =
        new Round(
            open,
            IMAGES / seconds,
            cpu * 1000.0 / CLOCK_TICKS_PER_SECOND / IMAGES,
            browsers / (double) CLOCK_TICKS_PER_SECOND);
    System.out.printf(
        Locale.ROOT,
        "%d pages: %.0f images/s, %.3f ms CPU per image%n",
        open,
        round.imagesPerSecond(),
        round.cpuMsPerImage());
    return round;
  }

  private static Process startApp(
      EmbeddedKafkaCluster cluster, TestTopics topics, Path work, int port) throws IOException {
    Path model = TestModels.modelDir(work.resolve("model"), 1);
    List<String> args =
        List.of(
            "--bootstrap-servers", cluster.bootstrapServers(),
            "--model", model.toString(),
            "--application-id", "webview-bench-" + UUID.randomUUID(),
            "--input-topic", topics.input(),
            "--output-topic", topics.output(),
            "--dlq-topic", topics.deadLetter(),
            "--replication-factor", "1",
            "--state-dir", work.resolve("state").toString(),
            "--metrics-host", "127.0.0.1",
            "--metrics-port", Integer.toString(port),
            "--web-view", "true");
    Map<String, String> env = new HashMap<>();
    env.put("TF_ENABLE_ONEDNN_OPTS", "0"); // as bin/mnasnet sets them
    env.put("TF_CPP_MIN_LOG_LEVEL", "2");
    return ChildJvm.start(RunCommandProcess.class, args, env, work.resolve("app.log"));
  }

  /** One page's requests without a browser: GET /api/view?after=SEQ once a second. */
  private static final class PagePoller {
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    private final com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    private final Thread thread;
    private volatile boolean stopped;
    private long after;

    PagePoller(int port) {
      thread =
          new Thread(
              () -> {
                while (!stopped) {
                  try {
                    var request =
                        java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(
                                    "http://127.0.0.1:" + port + "/api/view?after=" + after))
                            .build();
                    var body =
                        http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                            .body();
                    for (var card : json.readTree(body).path("cards")) {
                      after = Math.max(after, card.path("seq").asLong());
                    }
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              },
              "page-poller");
      thread.start();
    }

    void stop() {
      stopped = true;
      thread.interrupt();
    }
  }

  /** A read_committed reader of the output, positioned at its end. */
  private static KafkaConsumer<byte[], byte[]> outputReader(
      EmbeddedKafkaCluster cluster, TestTopics topics) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topics.output()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  /**
   * CPU of this JVM's other descendants (chromedriver and the browsers' processes), in clock ticks;
   * approximate: a renderer that exits during a round takes its time with it.
   */
  private static long browserTicks(long appPid) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.pid() != appPid)
        .mapToLong(
            p -> {
              try {
                return cpuTicks(p.pid());
              } catch (IOException | RuntimeException gone) {
                return 0;
              }
            })
        .sum();
  }

  /** utime + stime of a process, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat
  }
}
