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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new model version appearing mid-stream is swapped in without losing or repeating anything. */
class HotReloadIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path stateDir;
  @TempDir Path modelRoot;

  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();

  @Test
  void switchesVersionsMidStreamLosingAndDuplicatingNothing() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "reload", 2, (short) 1);
    List<LabelledPng> images = TestImages.fashionMnist(300, "reload");
    StreamsAppConfig base =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir)
            .withBatching(new BatchSettings(16, Duration.ofMillis(50)));
    StreamsAppConfig config =
        base.withInference(base.inference().withPollInterval(Duration.ofMillis(200)));

    try (StreamingClassifierApp app = startApp(config, TIMEOUT)) {
      sendImages(cluster, topics, images.subList(0, 100));
      await("wave 1 predicted", TIMEOUT, () -> app.metrics().predictionsOut() == 100);

      // wave 2 streams in while version 2 appears and is loaded
      CompletableFuture<Void> wave2 =
          CompletableFuture.runAsync(
              () -> {
                try {
                  sendImages(cluster, topics, images.subList(100, 200));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      TestModels.modelDir(modelRoot, 2);
      wave2.get();
      await(
          "version 2 served",
          TIMEOUT,
          () -> app.servedModel().map(m -> m.version() == 2).orElse(false));
      sendImages(cluster, topics, images.subList(200, 300));

      List<ConsumerRecord<String, Prediction>> predictions =
          readPredictions(cluster, topics, 300, TIMEOUT);

      // the dead-letter topic too: a valid image there would be neither lost nor predicted
      List<String> deadLettered =
          readDeadLetters(cluster, topics, 0, Duration.ZERO).stream()
              .map(KafkaTestSupport::keyOf)
              .toList();
      ReliabilityCounts counts =
          ReliabilityCounts.of(
                  "hot-reload",
                  ids(images),
                  predictions.stream().map(ConsumerRecord::key).toList(),
                  deadLettered)
              .write();
      assertThat(counts.deadLettered()).isZero();
      assertThat(counts.lost()).isZero();
      assertThat(counts.duplicated()).isZero();
      Map<String, Prediction> byKey = new HashMap<>();
      predictions.forEach(r -> assertThat(byKey.put(r.key(), r.value())).as(r.key()).isNull());
      assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(ids(images));
      for (int i = 0; i < 100; i++) {
        assertThat(byKey.get("reload-" + i).model().version()).isEqualTo(1);
      }
      for (int i = 200; i < 300; i++) {
        assertThat(byKey.get("reload-" + i).model().version()).isEqualTo(2);
      }
      assertThat(app.scrapeMetrics())
          .contains("mnasnet_model_reloads_total 1.0")
          .contains("mnasnet_model_version 2.0");
    }
  }
}
