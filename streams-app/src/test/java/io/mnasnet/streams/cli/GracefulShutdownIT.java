package io.mnasnet.streams.cli;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.TestModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mnasnet run} as its own process, configured by flags, environment and a properties file,
 * creating its topics; SIGTERM flushes the images waiting in its buffer, leaves the group and exits
 * with 0.
 */
class GracefulShutdownIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern BUFFERED = Pattern.compile("(?m)^mnasnet_buffered_images (\\S+)$");

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void sigtermFlushesBufferedImagesAndExitsCleanly() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();
    TestTopics topics = TestTopics.unique("sigterm");
    Path modelRoot = TestModels.modelDir(Files.createDirectories(work.resolve("model")), 1);
    Path config = work.resolve("app.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "input.topic=" + topics.input(),
            "output.topic=" + topics.output(),
            "dlq.topic=" + topics.deadLetter(),
            "topics.create=true",
            "topics.partitions=2",
            "topics.replication.factor=1",
            "batch.size=100",
            "batch.linger.ms=3600000",
            "device=cpu",
            "kafka.session.timeout.ms=6000"));
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RunCommandProcess.class.getName());
    command.addAll(
        List.of(
            "--config", config.toString(),
            "--bootstrap-servers", cluster.bootstrapServers(),
            "--model", modelRoot.toString(),
            "--application-id", "sigterm-" + topics.input(),
            "--state-dir", work.resolve("state").toString(),
            "--metrics-host", "127.0.0.1",
            "--metrics-port", Integer.toString(port)));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("run.log").toFile());
    builder.environment().put("MNASNET_SHUTDOWN_TIMEOUT_MS", "20000");
    Process run = builder.start();
    try {
      await("ready", TIMEOUT, () -> status(port, "/health/ready") == 200);
      List<LabelledPng> images = TestImages.fashionMnist(6, "sigterm");
      long now = System.currentTimeMillis();
      KafkaTestSupport.sendAll(
          cluster.bootstrapServers(),
          images.stream().map(p -> p.record(topics.input(), ImageEventFormat.RAW, now)).toList());
      await("6 images buffered", TIMEOUT, () -> buffered(port) == 6);

      run.destroy(); // SIGTERM

      assertThat(run.waitFor(40, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
      // a JVM ended by SIGTERM reports 128 + 15 once its shutdown hooks are done
      assertThat(run.exitValue()).isEqualTo(143);
      List<ConsumerRecord<String, Prediction>> predictions =
          KafkaTestSupport.readPredictions(cluster.bootstrapServers(), topics.output(), 6, TIMEOUT);
      assertThat(predictions)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrderElementsOf(images.stream().map(LabelledPng::id).toList());
      String log = Files.readString(work.resolve("run.log"));
      assertThat(log)
          .contains("batch.size")
          .contains("(file " + config + ")")
          .contains("shutdown.timeout.ms")
          .contains("(environment MNASNET_SHUTDOWN_TIMEOUT_MS)")
          .contains("Shutting down (signal received)")
          .contains("Stopped");
    } finally {
      run.destroyForcibly();
    }
  }

  private int buffered(int port) {
    try {
      String body =
          http.send(request(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = BUFFERED.matcher(body);
      return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private int status(int port, String path) {
    try {
      return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
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
