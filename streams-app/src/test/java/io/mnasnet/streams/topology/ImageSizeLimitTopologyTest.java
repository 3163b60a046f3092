package io.mnasnet.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.DeadLetterHeaders;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import io.mnasnet.streams.ManualClock;
import io.mnasnet.streams.TestModels;
import io.mnasnet.streams.batching.BatchDrain;
import io.mnasnet.streams.config.Setting;
import io.mnasnet.streams.config.SettingsResolver;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.inference.CoalescingInference;
import io.mnasnet.streams.inference.EngineModelLoader;
import io.mnasnet.streams.inference.ModelHolder;
import io.mnasnet.streams.ops.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max.image.pixels} from the settings to the last decoder, wired as {@code run} wires it
 * ({@link StreamsAppConfig#from} then {@link EngineModelLoader#forConfig}), with the real model:
 * raised above the old fixed 4096x4096 of the engine, a larger image is classified, not turned away
 * by the engine after validation let it through; lowered, an image above it is dead-lettered before
 * anything decodes it.
 */
class ImageSizeLimitTopologyTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path stateDir;
  @TempDir static Path modelRoot;

  @Test
  void aRaisedLimitLetsALargerImageThroughToAPrediction() {
    // 4200 x 4100 = 17,220,000 pixels: above ImageSizeLimit.DEFAULT (16,777,216)
    byte[] large = ImageEncoding.encodeGreyPng(new byte[4200 * 4100], 4200, 4100);
    assertThat((long) 4200 * 4100).isGreaterThan(ImageSizeLimit.DEFAULT.maxPixels());

    Outcome outcome = run(4200L * 4100, Map.of("large", large));

    assertThat(outcome.deadLetterMessages()).isEmpty();
    assertThat(outcome.predictions()).extracting(kv -> kv.key).containsExactly("large");
  }

  @Test
  void aLoweredLimitDeadLettersAnImageAboveItAndPassesOneAtIt() {
    byte[] at = ImageEncoding.encodeGreyPng(new byte[27 * 27], 27, 27);
    byte[] above = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);

    Outcome outcome = run(27L * 27, Map.of("at-limit", at, "above-limit", above));

    assertThat(outcome.predictions()).extracting(kv -> kv.key).containsExactly("at-limit");
    assertThat(outcome.deadLetterMessages())
        .singleElement()
        .asString()
        .contains("28x28 = 784 pixels", "above the limit of 729", "max.image.pixels");
  }

  private record Outcome(
      List<KeyValue<String, Prediction>> predictions, List<String> deadLetterMessages) {}

  /** Pipes {@code images} (id to PNG) through the app configured with {@code maxPixels}. */
  private Outcome run(long maxPixels, Map<String, byte[]> images) {
    Path modelDir = TestModels.modelDir(modelRoot, 1);
    StreamsAppConfig config =
        StreamsAppConfig.from(
            SettingsResolver.fromFlags(
                Map.of(
                    Setting.BOOTSTRAP_SERVERS.key(), "unused:9092",
                    Setting.MODEL_DIR.key(), modelDir.toString(),
                    Setting.DEVICE.key(), "cpu",
                    Setting.BATCH_SIZE.key(), Integer.toString(images.size()),
                    Setting.MAX_IMAGE_PIXELS.key(), Long.toString(maxPixels))));
    ManualClock clock = new ManualClock(START);
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    try (ModelHolder holder = new ModelHolder()) {
      holder.install(EngineModelLoader.forConfig(config).load(modelDir.resolve("1"), 1));
      Properties props = StreamsProperties.of(config, metrics);
      props.put("state.dir", stateDir.toString());
      try (TopologyTestDriver driver =
          new TopologyTestDriver(
              ClassifierTopology.build(
                  config, new CoalescingInference(holder, clock), metrics, new BatchDrain(), clock),
              props,
              START)) {
        TestInputTopic<byte[], byte[]> input =
            driver.createInputTopic(
                config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<String, Prediction> predictions =
            driver.createOutputTopic(
                config.topics().output(),
                new StringDeserializer(),
                new PredictionSerde().deserializer());
        TestOutputTopic<byte[], byte[]> deadLetters =
            driver.createOutputTopic(
                config.topics().deadLetter(),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        images.forEach(
            (id, png) ->
                input.pipeInput(
                    new TestRecord<>(
                        id.getBytes(StandardCharsets.UTF_8), png, pngHeaders(), START)));
        clock.advance(Duration.ofHours(1));
        driver.advanceWallClockTime(Duration.ofHours(1)); // flush whatever the linger holds
        return new Outcome(
            predictions.readKeyValuesToList(),
            deadLetters.readRecordsToList().stream()
                .map(r -> DeadLetterHeaders.readFrom(r.headers()).orElseThrow().message())
                .toList());
      }
    }
  }

  private static Headers pngHeaders() {
    Headers headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.PNG.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
