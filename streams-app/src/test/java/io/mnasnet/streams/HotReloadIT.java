package io.mnasnet.streams;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static io.mnasnet.streams.KafkaTestSupport.ids;
import static io.mnasnet.streams.KafkaTestSupport.readDeadLetters;
import static io.mnasnet.streams.KafkaTestSupport.readPredictions;
import static io.mnasnet.streams.KafkaTestSupport.sendImages;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import io.mnasnet.streams.inference.EngineModelLoader;
import io.mnasnet.streams.inference.ImageClassifier;
import io.mnasnet.streams.inference.ModelLoadException;
import io.mnasnet.streams.inference.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new model version appearing mid-stream is swapped in without losing or repeating anything, with
 * either engine; a version whose {@code model.onnx} ONNX Runtime refuses is skipped with the
 * current one still serving, and refused at start with the file and the fix named.
 */
class HotReloadIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path stateDir;
  @TempDir Path modelRoot;

  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();

  @ParameterizedTest
  @EnumSource(
      value = EngineChoice.class,
      names = {"TENSORFLOW", "ONNXRUNTIME"})
  void switchesVersionsMidStreamLosingAndDuplicatingNothing(EngineChoice engine) throws Exception {
    String name = "reload-" + engine.id();
    TestTopics topics = TestTopics.created(cluster, name, 2, (short) 1);
    List<LabelledPng> images = TestImages.fashionMnist(300, "reload");
    StreamsAppConfig config = config(topics, engine);
    List<String> served = new CopyOnWriteArrayList<>();

    try (StreamingClassifierApp app = start(config, recording(config, served))) {
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
      // every prediction and the metrics name the engine that computed them
      assertThat(predictions)
          .allSatisfy(r -> assertThat(r.value().model().engine()).isEqualTo(engine.id()));
      String modelName = predictions.get(0).value().model().name();
      assertThat(app.scrapeMetrics())
          .contains("mnasnet_model_reloads_total 1.0")
          .contains("mnasnet_model_version 2.0")
          .contains(
              "mnasnet_model_info{engine=\""
                  + engine.id()
                  + "\",model=\""
                  + modelName
                  + "\",version=\"2\"} 1");
      assertThat(served).hasSize(2).allMatch(s -> s.endsWith(", " + engine.id() + "]"));
    }
  }

  @Test
  void keepsServingWhenANewVersionsModelOnnxIsRefused() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "reload-refused", 2, (short) 1);
    List<LabelledPng> images = TestImages.fashionMnist(150, "refused");
    StreamsAppConfig config = config(topics, EngineChoice.ONNXRUNTIME);
    List<String> served = new CopyOnWriteArrayList<>();

    try (StreamingClassifierApp app = start(config, recording(config, served))) {
      sendImages(cluster, topics, images.subList(0, 50));
      await("wave 1 predicted", TIMEOUT, () -> app.metrics().predictionsOut() == 50);

      // version 2 arrives with a damaged model.onnx: refused, version 1 goes on serving
      publishWithDamagedOnnx(2);
      sendImages(cluster, topics, images.subList(50, 100));
      await("wave 2 predicted", TIMEOUT, () -> app.metrics().predictionsOut() == 100);
      assertThat(app.servedModel().orElseThrow().version()).isEqualTo(1);

      // a good version 3 is taken as usual
      TestModels.modelDir(modelRoot, 3);
      await(
          "version 3 served",
          TIMEOUT,
          () -> app.servedModel().map(m -> m.version() == 3).orElse(false));
      sendImages(cluster, topics, images.subList(100, 150));

      Map<String, Prediction> byKey = new HashMap<>();
      readPredictions(cluster, topics, 150, TIMEOUT)
          .forEach(r -> assertThat(byKey.put(r.key(), r.value())).as(r.key()).isNull());
      assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(ids(images));
      for (int i = 50; i < 100; i++) {
        assertThat(byKey.get("refused-" + i).model().version()).isEqualTo(1);
      }
      for (int i = 100; i < 150; i++) {
        assertThat(byKey.get("refused-" + i).model().version()).isEqualTo(3);
      }
      assertThat(served).hasSize(2);
    }
  }

  @Test
  void refusesADamagedModelOnnxAtStartNamingTheFileAndTheFix() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "start-refused", 1, (short) 1);
    Path version = publishWithDamagedOnnx(1).resolve("1");
    StreamsAppConfig config = config(topics, EngineChoice.ONNXRUNTIME);
    StreamingClassifierApp app =
        new StreamingClassifierApp(config, EngineModelLoader.forConfig(config));
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(app::start)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(version.resolve("model.onnx").toString())
          .hasMessageContaining("bin/mnasnet export-onnx --force --model " + version);
    } finally {
      app.close();
    }
  }

  private StreamsAppConfig config(TestTopics topics, EngineChoice engine) {
    StreamsAppConfig base =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir)
            .withBatching(new BatchSettings(16, Duration.ofMillis(50)));
    return base.withInference(
        base.inference()
            .withPollInterval(Duration.ofMillis(200))
            .withDevice(Device.CPU)
            .withEngine(engine));
  }

  /** The app's own loader, noting what each load serves (e.g. {@code ..., onnxruntime]}). */
  private static ModelLoader recording(StreamsAppConfig config, List<String> served) {
    ModelLoader loader = EngineModelLoader.forConfig(config);
    return (directory, version) -> {
      ImageClassifier model = loader.load(directory, version);
      served.add(model.toString());
      return model;
    };
  }

  private static StreamingClassifierApp start(StreamsAppConfig config, ModelLoader loader)
      throws InterruptedException {
    StreamingClassifierApp app = new StreamingClassifierApp(config, loader);
    try {
      app.start();
      app.awaitRunning(TIMEOUT);
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  /** Publishes the fixture as {@code version} with one flipped bit in its model.onnx. */
  private Path publishWithDamagedOnnx(int version) throws Exception {
    Path staging = modelRoot.resolve("staging-" + version);
    TestModels.modelDir(staging, version);
    Path onnx = staging.resolve(Integer.toString(version)).resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length / 2] ^= 1;
    Files.write(onnx, bytes);
    Files.move(
        staging.resolve(Integer.toString(version)), modelRoot.resolve(Integer.toString(version)));
    return modelRoot;
  }
}
