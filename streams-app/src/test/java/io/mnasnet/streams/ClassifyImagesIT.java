package io.mnasnet.streams;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static io.mnasnet.streams.KafkaTestSupport.ids;
import static io.mnasnet.streams.KafkaTestSupport.keyOf;
import static io.mnasnet.streams.KafkaTestSupport.rawRecord;
import static io.mnasnet.streams.KafkaTestSupport.readDeadLetters;
import static io.mnasnet.streams.KafkaTestSupport.readPredictions;
import static io.mnasnet.streams.KafkaTestSupport.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.DeadLetterHeaders;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import io.mnasnet.streams.validation.ImageLimits;
import io.mnasnet.streams.validation.RejectedImageException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against a real broker (in this JVM) with the real model: real Fashion-MNIST
 * images in both formats, bad input mixed in, metrics and health over HTTP.
 */
class ClassifyImagesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path stateDir;
  @TempDir Path modelRoot;

  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();

  @Test
  void classifies500RealImagesInBothFormatsExactlyOnce() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "classify", 2, (short) 1);
    List<LabelledPng> images = TestImages.fashionMnist(500, "fmnist");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < images.size(); i++) {
      ImageEventFormat format = i % 2 == 0 ? ImageEventFormat.RAW : ImageEventFormat.JSON;
      records.add(images.get(i).record(topics.input(), format, now));
    }
    StreamsAppConfig config =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir);

    try (StreamingClassifierApp app = startApp(config, TIMEOUT)) {
      long start = System.nanoTime();
      KafkaTestSupport.sendAll(cluster.bootstrapServers(), records);
      List<ConsumerRecord<String, Prediction>> predictions =
          readPredictions(cluster, topics, images.size(), TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "500 images classified end to end in %.1f s (%.0f images/s)%n",
          seconds, images.size() / seconds);

      assertThat(predictions).hasSize(images.size());
      Map<String, Prediction> byKey = new LinkedHashMap<>();
      predictions.forEach(r -> byKey.put(r.key(), r.value()));
      assertThat(byKey.keySet())
          .as("one prediction per input key, none twice")
          .hasSize(images.size())
          .containsExactlyInAnyOrderElementsOf(ids(images));
      int correct = 0;
      for (LabelledPng image : images) {
        Prediction prediction = byKey.get(image.id());
        assertThat(prediction.id()).isEqualTo(image.id());
        assertThat(prediction.trueLabel()).isEqualTo(Integer.toString(image.label()));
        assertThat(prediction.source().topic()).isEqualTo(topics.input());
        assertThat(prediction.topK()).hasSize(5);
        assertThat(prediction.batchSize()).isBetween(1, config.batching().size() * 2);
        if (prediction.top1MatchesTrueLabel().orElseThrow()) {
          correct++;
        }
      }
      double accuracy = correct / (double) images.size();
      System.out.printf("accuracy on 500 Fashion-MNIST test images: %.1f%%%n", 100 * accuracy);
      assertThat(accuracy).isGreaterThanOrEqualTo(TestModels.MIN_ACCURACY);
      TestModels.assertTop1MatchesDirectInference(images, byKey);
      assertThat(app.metrics().predictionsOut()).isEqualTo(images.size());
    }
  }

  @Test
  void deadLettersEveryKindOfBadInputAndKeepsClassifying() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "bad-input", 1, (short) 1);
    List<LabelledPng> good = TestImages.fashionMnist(40, "good");
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("invalid-json", "{\"id\": \"x\", \"data\": ".getBytes(StandardCharsets.UTF_8));
    bad.put("not-an-image", "this is text, not a picture".getBytes(StandardCharsets.UTF_8));
    bad.put("truncated-png", TestImages.truncatedPng());
    bad.put("empty-value", new byte[0]);
    bad.put("huge-header", TestImages.pngClaiming(100_000, 100_000));
    bad.put("unknown-content-type", good.get(0).png());
    bad.put("too-large", noisePng(120, 120));
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put("invalid-json", "JSON");
    reasons.put("not-an-image", "not a PNG or JPEG");
    reasons.put("truncated-png", "cannot be decoded");
    reasons.put("empty-value", "empty");
    reasons.put("huge-header", "100000x100000");
    reasons.put("unknown-content-type", "image/webp");
    reasons.put("too-large", "max.value.bytes=16384");
    reasons.put(null, "key is null");

    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    int g = 0;
    for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
      records.add(good.get(g++).record(topics.input(), ImageEventFormat.RAW, now));
      String type =
          switch (entry.getKey()) {
            case "invalid-json" -> ContentType.JSON;
            case "unknown-content-type" -> "image/webp";
            default -> ContentType.PNG;
          };
      records.add(rawRecord(topics.input(), entry.getKey(), entry.getValue(), type, now));
    }
    records.add(rawRecord(topics.input(), null, good.get(0).png(), ContentType.PNG, now));
    while (g < good.size()) {
      records.add(good.get(g++).record(topics.input(), ImageEventFormat.JSON, now));
    }
    StreamsAppConfig config =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir)
            .withLimits(new ImageLimits(16 * 1024, 4096L * 4096))
            .withBatching(new BatchSettings(8, Duration.ofMillis(100)));

    try (StreamingClassifierApp app = startApp(config, TIMEOUT)) {
      KafkaTestSupport.sendAll(cluster.bootstrapServers(), records);

      List<ConsumerRecord<String, Prediction>> predictions =
          readPredictions(cluster, topics, good.size(), TIMEOUT);
      List<ConsumerRecord<byte[], byte[]>> deadLetters =
          readDeadLetters(cluster, topics, reasons.size(), TIMEOUT);

      List<String> sentIds = new ArrayList<>(ids(good));
      sentIds.addAll(reasons.keySet());
      ReliabilityCounts.of(
              "bad-input",
              sentIds,
              predictions.stream().map(ConsumerRecord::key).toList(),
              deadLetters.stream().map(KafkaTestSupport::keyOf).toList())
          .write();
      assertThat(predictions)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrderElementsOf(ids(good));
      Map<String, ConsumerRecord<byte[], byte[]>> deadByKey = new HashMap<>();
      deadLetters.forEach(r -> deadByKey.put(keyOf(r), r));
      assertThat(deadByKey.keySet()).containsExactlyInAnyOrderElementsOf(reasons.keySet());
      for (Map.Entry<String, String> expected : reasons.entrySet()) {
        ConsumerRecord<byte[], byte[]> dead = deadByKey.get(expected.getKey());
        DeadLetterHeaders headers = DeadLetterHeaders.readFrom(dead.headers()).orElseThrow();
        assertThat(headers.exception()).isEqualTo(RejectedImageException.class.getName());
        assertThat(headers.message()).as(expected.getKey()).contains(expected.getValue());
        assertThat(headers.topic()).isEqualTo(topics.input());
        assertThat(headers.offset()).isGreaterThanOrEqualTo(0);
        if (expected.getKey() != null) {
          assertThat(dead.value()).isEqualTo(bad.get(expected.getKey()));
        }
      }
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(app.metrics().deadLetteredTotal()).isEqualTo(reasons.size());

      // metrics and health over HTTP
      OperationsEndpoint endpoint = new OperationsEndpoint(app.metricsPort());
      assertThat(endpoint.get("/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = endpoint.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("RUNNING");
      await(
          "metrics to show the predictions",
          Duration.ofSeconds(10),
          () -> endpoint.get("/metrics").body().contains("mnasnet_predictions_out_total 40.0"));
      String metrics = endpoint.get("/metrics").body();
      assertThat(metrics)
          .contains("mnasnet_records_in_total " + (double) records.size())
          .contains("mnasnet_records_dead_lettered_total{reason=\"too_many_pixels\"} 1.0")
          .contains("mnasnet_batch_size_bucket")
          .contains("mnasnet_inference_seconds_bucket")
          .contains("mnasnet_end_to_end_latency_seconds_count 40")
          .contains("mnasnet_model_version 1.0")
          .contains("mnasnet_consumer_lag")
          .contains("kafka_consumer_fetch_manager_records_lag");
    }
  }

  /** An RGB PNG of random pixels (incompressible, so it is large). */
  private static byte[] noisePng(int width, int height) {
    byte[] pixels = new byte[width * height * 3];
    new Random(42).nextBytes(pixels);
    return ImageEncoding.encodePng(DecodedImage.rgb(width, height, pixels));
  }
}
