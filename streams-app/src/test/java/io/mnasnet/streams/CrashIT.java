package io.mnasnet.streams;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through a crash: two instances on a 3-broker cluster share a 4-partition input; one
 * runs in its own JVM and is killed with SIGKILL while it holds buffered images whose offsets are
 * committed. Afterwards every input id is in the predictions or the dead letters exactly once, as a
 * read_committed consumer sees them.
 */
class CrashIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern BUFFERED = Pattern.compile("(?m)^mnasnet_buffered_images (\\S+)$");

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyInputIsPredictedOrDeadLetteredExactlyOnceAfterAnInstanceIsKilled() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.threeBrokers();
    TestTopics topics = TestTopics.unique("crash");
    topics.create(cluster, 4, (short) 3);
    Path modelRoot = TestModels.modelDir(Files.createDirectories(work.resolve("model")), 1);
    StreamsAppConfig survivorConfig =
        KafkaTestSupport.appConfig(
                cluster, topics, modelRoot, Files.createDirectories(work.resolve("survivor")))
            .withBatching(new BatchSettings(64, Duration.ofMillis(300)));
    int victimPort = freePort();
    Process victim = startVictim(survivorConfig, victimPort, work.resolve("victim"));
    try {
      await("victim ready", TIMEOUT, () -> status(victimPort, "/health/ready") == 200);
      try (StreamingClassifierApp survivor =
          new StreamingClassifierApp(survivorConfig, TestModels.loader())) {
        survivor.start();
        survivor.awaitRunning(TIMEOUT);
        await(
            "both instances running after the rebalance",
            TIMEOUT,
            () -> status(victimPort, "/health/ready") == 200);

        List<String> ids = new ArrayList<>();
        KafkaTestSupport.sendAll(cluster.bootstrapServers(), inputs(topics, ids));
        await("victim buffering images", TIMEOUT, () -> victimBuffered(victimPort) > 0);
        Thread.sleep(1_500); // commits happen every 100 ms: the buffered offsets are committed
        int buffered = victimBuffered(victimPort);

        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no leave-group
        victim.waitFor();
        System.out.printf("killed the victim holding %d buffered images%n", buffered);

        List<ConsumerRecord<String, Prediction>> predictions =
            KafkaTestSupport.readPredictions(
                cluster.bootstrapServers(), topics.output(), ids.size() - 10, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
            KafkaTestSupport.readRaw(cluster.bootstrapServers(), topics.deadLetter(), 10, TIMEOUT);

        Map<String, Integer> seen = new HashMap<>();
        predictions.forEach(r -> seen.merge(r.key(), 1, Integer::sum));
        deadLetters.forEach(
            r -> seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(buffered).as("the kill hit buffered images").isPositive();
      }
    } finally {
      victim.destroyForcibly();
    }
  }

  /** 200 real images and 10 records that are not images, spread over the 4 partitions by key. */
  private static List<ProducerRecord<byte[], byte[]>> inputs(TestTopics topics, List<String> ids) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (LabelledPng png : TestImages.fashionMnist(200, "crash")) {
      records.add(png.record(topics.input(), ImageEventFormat.RAW, now));
      ids.add(png.id());
    }
    for (int i = 0; i < 10; i++) {
      String id = "crash-bad-" + i;
      RecordHeaders headers = new RecordHeaders();
      headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.PNG.getBytes(StandardCharsets.UTF_8));
      records.add(
          new ProducerRecord<>(
              topics.input(),
              null,
              now,
              id.getBytes(StandardCharsets.UTF_8),
              ("not a png " + i).getBytes(StandardCharsets.UTF_8),
              headers));
      ids.add(id);
    }
    return records;
  }

  /** The same app (same application id) in a new JVM, with a linger so long it only buffers. */
  private static Process startVictim(StreamsAppConfig config, int port, Path stateDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashTestInstance.class.getName());
    command.add("bootstrap.servers=" + config.kafka().bootstrapServers());
    command.add("application.id=" + config.kafka().applicationId());
    command.add("input.topic=" + config.topics().input());
    command.add("output.topic=" + config.topics().output());
    command.add("dlq.topic=" + config.topics().deadLetter());
    command.add("topics.replication.factor=" + config.topics().replicationFactor());
    command.add("model.dir=" + config.inference().modelDir());
    command.add("state.dir=" + stateDir);
    command.add("batch.size=64");
    command.add("batch.linger.ms=600000");
    command.add("metrics.host=127.0.0.1");
    command.add("metrics.port=" + port);
    config.kafka().clientSettings().forEach((k, v) -> command.add("kafka." + k + "=" + v));
    Path log = stateDir.resolveSibling("victim.log");
    Files.createDirectories(stateDir);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private int victimBuffered(int port) {
    String metrics = body(port, "/metrics");
    Matcher m = BUFFERED.matcher(metrics);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
  }

  private int status(int port, String path) {
    try {
      return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(int port, String path) {
    try {
      return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
