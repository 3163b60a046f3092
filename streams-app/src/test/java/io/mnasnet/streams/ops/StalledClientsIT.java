package io.mnasnet.streams.ops;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.ReliabilityCounts;
import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestModels;
import io.mnasnet.streams.config.StreamsAppConfig;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and stalled HTTP clients against a running app (a real broker, the real model, real images
 * flowing): first the four connections that took the probes down before (two that ask for the view
 * and never read, two that send half a request line), then three times as many stalled clients as
 * the endpoint has threads. Throughout, the probes on the health port answer within a second and
 * images keep being classified; the half-sent requests are cut off by the request time limit, and
 * the metrics port serves again once the limits have freed its threads.
 */
class StalledClientsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int PHOTOS = 40;

  /** A probe slower than this would count against a pod (Kubernetes' default timeout is 1 s). */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  @TempDir Path stateDir;
  @TempDir Path modelRoot;

  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @Test
  void probesStayGreenAndImagesFlowWhileClientsStall() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "stalled", 2, (short) 1);
    StreamsAppConfig base =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir);
    StreamsAppConfig config = base.withOperations(base.operations().withHealthPort(0));
    try (StreamingClassifierApp app = KafkaTestSupport.startApp(config, TIMEOUT);
        StallingClients clients = new StallingClients()) {
      int ops = app.metricsPort();
      int health = app.healthPort();
      assertThat(health).isPositive().isNotEqualTo(ops);
      assertThat(get(ops, "/api/view?after=0", TIMEOUT).statusCode()).isEqualTo(200); // a page
      KafkaTestSupport.sendAll(cluster.bootstrapServers(), photos(topics.input(), PHOTOS));
      await("the photos predicted", TIMEOUT, () -> app.metrics().predictionsOut() >= PHOTOS);
      System.out.printf(
          "stalled: /api/view %d bytes, /metrics %d bytes%n",
          get(ops, "/api/view?after=0", TIMEOUT).body().length(),
          get(ops, "/metrics", TIMEOUT).body().length());

      // the four connections of the report: before, /health/live timed out ten times in ten
      for (int i = 0; i < 2; i++) {
        clients.neverReading(ops, "/api/view?after=0");
        clients.halfRequestLine(ops);
      }
      Probes four = probeFor(Duration.ofSeconds(5), health, ops);
      System.out.println("stalled: four clients: " + four);
      assertThat(four.failures()).as(four.toString()).isEmpty();

      // three times the endpoint's threads, while 100 more images stream in
      List<Socket> halfSent = new ArrayList<>();
      for (int i = 0; i < OperationsHttpServer.THREADS; i++) {
        halfSent.add(clients.halfRequestLine(ops));
        clients.neverReading(ops, "/metrics");
        clients.neverReading(ops, "/api/view?after=0");
      }
      long before = (long) app.metrics().predictionsOut();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  KafkaTestSupport.sendImages(
                      cluster, topics, TestImages.fashionMnist(100, "during"));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Probes many = probeFor(Duration.ofSeconds(8), health);
      System.out.println("stalled: " + 3 * OperationsHttpServer.THREADS + " clients: " + many);
      assertThat(many.failures()).as(many.toString()).isEmpty();
      sending.get();
      await(
          "100 images classified while the clients stall",
          TIMEOUT,
          () -> app.metrics().predictionsOut() >= before + 100);

      long limitMs = HttpListener.REQUEST_TIME_LIMIT.toMillis() + 3_000;
      for (Socket socket : halfSent) {
        assertThat(StallingClients.closedByServerWithin(socket, limitMs))
            .as("a half-sent request is cut off within the request time limit")
            .isTrue();
      }
      // once the response time limit has cut off the clients that never read, the metrics port
      // serves again
      await(
          "the metrics port to serve again",
          HttpListener.RESPONSE_TIME_LIMIT.plusSeconds(5),
          () -> {
            try {
              return get(ops, "/metrics", PROBE_TIMEOUT).statusCode() == 200;
            } catch (Exception stillBusy) {
              return false;
            }
          });
      Probes after = probeFor(Duration.ofSeconds(2), ops);
      System.out.println("stalled: metrics port afterwards: " + after);
      assertThat(after.failures()).as(after.toString()).isEmpty();
      assertThat(get(ops, "/metrics", PROBE_TIMEOUT).statusCode()).isEqualTo(200);
      assertThat(get(ops, "/api/view?after=0", Duration.ofSeconds(2)).statusCode()).isEqualTo(200);

      // the pipeline, counted as the other reliability scenarios are: over both topics
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < PHOTOS; i++) {
        sent.add("photo-" + i);
      }
      sent.addAll(KafkaTestSupport.ids(TestImages.fashionMnist(100, "during")));
      ReliabilityCounts counts =
          ReliabilityCounts.of(
                  "stalled-clients",
                  sent,
                  KafkaTestSupport.readPredictions(cluster, topics, sent.size(), TIMEOUT).stream()
                      .map(ConsumerRecord::key)
                      .toList(),
                  KafkaTestSupport.readDeadLetters(cluster, topics, 0, Duration.ZERO).stream()
                      .map(KafkaTestSupport::keyOf)
                      .toList())
              .write();
      assertThat(counts.predicted()).isEqualTo(sent.size());
      assertThat(counts.lost()).isZero();
      assertThat(counts.duplicated()).isZero();
    }
  }

  /** The outcome of probing for a while: each probe's port, path, status and time. */
  record Probes(int count, List<String> failures, long slowestMs) {
    @Override
    public String toString() {
      return count + " probes, slowest " + slowestMs + " ms, failures " + failures;
    }
  }

  /** {@code /health/live} and {@code /health/ready} on each port every 250 ms for {@code span}. */
  private Probes probeFor(Duration span, int... ports) throws InterruptedException {
    List<String> failures = new ArrayList<>();
    long slowest = 0;
    int count = 0;
    long end = System.nanoTime() + span.toNanos();
    while (System.nanoTime() < end) {
      for (int port : ports) {
        for (String path : List.of("/health/live", "/health/ready")) {
          long start = System.nanoTime();
          String outcome;
          try {
            outcome = Integer.toString(get(port, path, PROBE_TIMEOUT).statusCode());
          } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
          }
          long ms = (System.nanoTime() - start) / 1_000_000;
          slowest = Math.max(slowest, ms);
          count++;
          if (!outcome.equals("200")) {
            failures.add(port + path + " -> " + outcome + " after " + ms + " ms");
          }
        }
      }
      Thread.sleep(250);
    }
    return new Probes(count, failures, slowest);
  }

  private HttpResponse<String> get(int port, String path, Duration timeout) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(timeout)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code count} 320x320 photos of noise (their thumbnails are large JPEGs). */
  private static List<ProducerRecord<byte[], byte[]>> photos(String topic, int count) {
    Random random = new Random(7);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] pixels = new byte[320 * 320 * 3];
      random.nextBytes(pixels);
      byte[] png = ImageEncoding.encodePng(DecodedImage.rgb(320, 320, pixels));
      records.add(
          KafkaTestSupport.rawRecord(
              topic, "photo-" + i, png, ContentType.PNG, System.currentTimeMillis()));
    }
    return records;
  }
}
