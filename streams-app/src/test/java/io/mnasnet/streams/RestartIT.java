package io.mnasnet.streams;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static io.mnasnet.streams.KafkaTestSupport.ids;
import static io.mnasnet.streams.KafkaTestSupport.readDeadLetters;
import static io.mnasnet.streams.KafkaTestSupport.readPredictions;
import static io.mnasnet.streams.KafkaTestSupport.sendImages;
import static io.mnasnet.streams.KafkaTestSupport.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images buffered (offsets committed, not yet predicted) when an instance stops are predicted by
 * the next instance, even when the local state is gone: the buffer lives in a changelogged store.
 */
class RestartIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path stateDir;
  @TempDir Path modelRoot;

  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();

  @Test
  void imagesBufferedBeforeARestartArePredictedAfterIt() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "restart", 1, (short) 1);
    List<LabelledPng> images = TestImages.fashionMnist(8, "restart");
    StreamsAppConfig base =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir);

    // First instance: batches of 100 or one hour, so the first 5 images just wait in the buffer.
    StreamsAppConfig patient = base.withBatching(new BatchSettings(100, Duration.ofHours(1)));
    StreamingClassifierApp first = startApp(patient, TIMEOUT);
    try {
      sendImages(cluster, topics, images.subList(0, 5));
      await("5 buffered images", TIMEOUT, () -> first.metrics().bufferedImages() == 5);
      Thread.sleep(1_000); // several commit intervals: the input offsets are committed
    } finally {
      first.closeWithoutFlushing(Duration.ofSeconds(20));
    }
    assertThat(first.metrics().predictionsOut()).isZero();
    deleteRecursively(stateDir); // the restore must come from the changelog

    StreamsAppConfig eager = base.withBatching(new BatchSettings(100, Duration.ofMillis(200)));
    try (StreamingClassifierApp second = startApp(eager, TIMEOUT)) {
      sendImages(cluster, topics, images.subList(5, 8));

      List<ConsumerRecord<String, Prediction>> predictions =
          readPredictions(cluster, topics, 8, TIMEOUT);

      // the dead-letter topic too: a valid image there would be neither lost nor predicted
      List<String> deadLettered =
          readDeadLetters(cluster, topics, 0, Duration.ZERO).stream()
              .map(KafkaTestSupport::keyOf)
              .toList();
      ReliabilityCounts counts =
          ReliabilityCounts.of(
                  "restart-buffered",
                  ids(images),
                  predictions.stream().map(ConsumerRecord::key).toList(),
                  deadLettered)
              .write();
      assertThat(counts.deadLettered()).isZero();
      assertThat(counts.lost()).isZero();
      assertThat(counts.duplicated()).isZero();
      assertThat(predictions)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrderElementsOf(ids(images));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(dir)) {
          Files.delete(path);
        }
      }
    }
  }
}
