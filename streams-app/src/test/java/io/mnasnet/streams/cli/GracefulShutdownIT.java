package io.mnasnet.streams.cli;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.ChildJvm;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.OperationsEndpoint;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  @TempDir Path work;

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
    int port = OperationsEndpoint.freePort();
    OperationsEndpoint endpoint = new OperationsEndpoint(port);
    List<String> args =
        List.of(
            "--config", config.toString(),
            "--bootstrap-servers", cluster.bootstrapServers(),
            "--model", modelRoot.toString(),
            "--application-id", "sigterm-" + topics.input(),
            "--state-dir", work.resolve("state").toString(),
            "--metrics-host", "127.0.0.1",
            "--metrics-port", Integer.toString(port));
    Process run =
        ChildJvm.start(
            RunCommandProcess.class,
            args,
            Map.of("MNASNET_SHUTDOWN_TIMEOUT_MS", "20000"),
            work.resolve("run.log"));
    try {
      await("ready", TIMEOUT, () -> endpoint.status("/health/ready") == 200);
      List<LabelledPng> images = TestImages.fashionMnist(6, "sigterm");
      KafkaTestSupport.sendImages(cluster, topics, images);
      await("6 images buffered", TIMEOUT, () -> endpoint.bufferedImages() == 6);

      run.destroy(); // SIGTERM

      assertThat(run.waitFor(40, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
      // a JVM ended by SIGTERM reports 128 + 15 once its shutdown hooks are done
      assertThat(run.exitValue()).isEqualTo(143);
      List<ConsumerRecord<String, Prediction>> predictions =
          KafkaTestSupport.readPredictions(cluster, topics, 6, TIMEOUT);
      assertThat(predictions)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrderElementsOf(KafkaTestSupport.ids(images));
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
}
