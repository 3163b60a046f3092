package io.mnasnet.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.DeadLetterHeaders;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import io.mnasnet.streams.ManualClock;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.TestModels;
import io.mnasnet.streams.batching.BatchDrain;
import io.mnasnet.streams.batching.PendingImage;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import io.mnasnet.streams.inference.CoalescingInference;
import io.mnasnet.streams.inference.ImageClassifier;
import io.mnasnet.streams.inference.ImageScores;
import io.mnasnet.streams.inference.ModelHolder;
import io.mnasnet.streams.inference.ModelIdentity;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.validation.ImageLimits;
import io.mnasnet.streams.validation.RejectedImageException;
import io.mnasnet.trainer.data.FashionMnist;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology with {@link TopologyTestDriver}: batching on size and on wall-clock linger, the
 * changelogged buffer, dead letters from the processing exception handler. The classifier here is a
 * model-free stand-in (batching mechanics only); classification is tested with the real model in
 * the integration tests.
 */
class ClassifierTopologyTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LINGER = Duration.ofMillis(200);
  private static final Duration MODEL_CALL = Duration.ofMillis(500);

  @TempDir Path stateDir;

  @TempDir static Path modelRoot;

  private final ModelHolder holder = new ModelHolder();
  private final ManualClock clock = new ManualClock(START);
  private CoalescingInference inference;
  private final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<String, Prediction> predictions;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void start() {
    Path version3 = TestModels.modelDir(modelRoot, 3).resolve("3");
    holder.install(new SlowModel(TestModels.loader().load(version3, 3), clock, MODEL_CALL));
    inference = new CoalescingInference(holder, clock);
    StreamsAppConfig config =
        StreamsAppConfig.defaults("unused:9092", Path.of("unused"))
            .withBatching(new BatchSettings(4, LINGER))
            .withLimits(new ImageLimits(16 * 1024, 1024L * 1024));
    Properties props = StreamsProperties.of(config, metrics);
    props.put("state.dir", stateDir.toString());
    driver =
        new TopologyTestDriver(
            ClassifierTopology.build(config, inference, metrics, new BatchDrain(), clock),
            props,
            START);
    input =
        driver.createInputTopic(
            config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
    predictions =
        driver.createOutputTopic(
            config.topics().output(),
            new StringDeserializer(),
            new PredictionSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            config.topics().deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    holder.close();
  }

  @Test
  void flushesAFullBatchAtOnceAndAPartialOneAfterTheLinger() {
    List<LabelledPng> images = TestImages.fashionMnist(7, "img");

    images.subList(0, 4).forEach(png -> pipe(png, ImageEventFormat.RAW));
    List<KeyValue<String, Prediction>> first = predictions.readKeyValuesToList();
    assertThat(first).extracting(kv -> kv.key).containsExactly("img-0", "img-1", "img-2", "img-3");
    assertThat(first).allSatisfy(kv -> assertThat(kv.value.batchSize()).isEqualTo(4));

    images.subList(4, 7).forEach(png -> pipe(png, ImageEventFormat.JSON));
    assertThat(predictions.isEmpty()).isTrue();
    assertThat(bufferedKeys()).containsExactly("img-4", "img-5", "img-6");

    advance(LINGER.minusMillis(60));
    assertThat(predictions.isEmpty()).as("not before the linger").isTrue();
    advance(Duration.ofMillis(60));
    List<KeyValue<String, Prediction>> rest = predictions.readKeyValuesToList();
    assertThat(rest).extracting(kv -> kv.key).containsExactly("img-4", "img-5", "img-6");
    assertThat(rest).allSatisfy(kv -> assertThat(kv.value.batchSize()).isEqualTo(3));
    assertThat(bufferedKeys()).isEmpty();
  }

  @Test
  void predictionsCarryTopKModelSourceAndTrueLabel() {
    LabelledPng png = TestImages.fashionMnist(1, "img").get(0);
    pipe(png, ImageEventFormat.RAW);
    advance(LINGER);

    TestRecord<String, Prediction> record = predictions.readRecord();
    Prediction prediction = record.value();
    assertThat(record.key()).isEqualTo("img-0");
    assertThat(record.timestamp()).isEqualTo(START.toEpochMilli());
    assertThat(prediction.id()).isEqualTo("img-0");
    assertThat(prediction.topK()).hasSize(5);
    TestModels.assertTop1MatchesDirectInference(List.of(png), Map.of(png.id(), prediction));
    assertThat(prediction.top1().label())
        .isEqualTo(FashionMnist.className(prediction.top1().index()));
    assertThat(prediction.model())
        .isEqualTo(new Prediction.ModelRef("mnasnet0_5-fashion-mnist-fixture", 3, "onnxruntime"));
    assertThat(prediction.source()).isEqualTo(new Prediction.SourcePosition("images-in", 0, 0));
    assertThat(prediction.trueLabel()).isEqualTo(Integer.toString(png.label()));
    assertThat(prediction.timings().endToEndMs()).isGreaterThanOrEqualTo(LINGER.toMillis());
  }

  @Test
  void deadLettersBadInputWithOriginalBytesAndReasonAndKeepsGoing() {
    List<LabelledPng> good = TestImages.fashionMnist(4, "ok");
    byte[] huge = TestImages.pngClaiming(100_000, 100_000);
    byte[] notJson = "{\"id\": ".getBytes(StandardCharsets.UTF_8);

    pipe(good.get(0), ImageEventFormat.RAW);
    input.pipeInput(new TestRecord<>(key("bad-1"), huge, pngHeaders(), START));
    pipe(good.get(1), ImageEventFormat.JSON);
    input.pipeInput(new TestRecord<>(key("bad-2"), notJson, new RecordHeaders(), START));
    input.pipeInput(new TestRecord<>(null, good.get(2).png(), pngHeaders(), START));
    pipe(good.get(2), ImageEventFormat.RAW);
    pipe(good.get(3), ImageEventFormat.RAW);

    assertThat(predictions.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("ok-0", "ok-1", "ok-2", "ok-3");
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead).hasSize(3);
    assertThat(dead.get(0).key()).isEqualTo(key("bad-1"));
    assertThat(dead.get(0).value()).isEqualTo(huge);
    assertThat(dead.get(1).value()).isEqualTo(notJson);
    assertThat(dead.get(2).key()).isNull();

    DeadLetterHeaders first = DeadLetterHeaders.readFrom(dead.get(0).headers()).orElseThrow();
    assertThat(first.exception()).isEqualTo(RejectedImageException.class.getName());
    assertThat(first.message()).contains("100000x100000");
    assertThat(first.topic()).isEqualTo("images-in");
    assertThat(first.partition()).isZero();
    assertThat(first.offset()).isEqualTo(1);
    assertThat(dead.get(0).headers().lastHeader(ImageEventHeaders.CONTENT_TYPE))
        .as("original headers are kept")
        .isNotNull();
    assertThat(DeadLetterHeaders.readFrom(dead.get(1).headers()).orElseThrow().message())
        .contains("JSON");
    assertThat(DeadLetterHeaders.readFrom(dead.get(2).headers()).orElseThrow().message())
        .contains("key is null");
    assertThat(metrics.deadLetteredTotal()).isEqualTo(3);
    assertThat(metrics.recordsIn()).isEqualTo(7);
  }

  @Test
  void anImageOnlyTheModelFindsCorruptIsDeadLetteredAndItsBatchPredicted() {
    List<LabelledPng> good = TestImages.fashionMnist(3, "ok");
    pipe(good.get(0), ImageEventFormat.RAW);
    input.pipeInput(
        new TestRecord<>(key("bad"), scrambledPixelData(good.get(1).png()), pngHeaders(), START));
    pipe(good.get(1), ImageEventFormat.RAW);
    pipe(good.get(2), ImageEventFormat.RAW);

    assertThat(predictions.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("ok-0", "ok-1", "ok-2");
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead).extracting(TestRecord::key).containsExactly(key("bad"));
    assertThat(DeadLetterHeaders.readFrom(dead.get(0).headers()).orElseThrow().message())
        .contains("could not read");
  }

  /** A PNG with intact header and end, whose compressed pixel data is garbage. */
  private static byte[] scrambledPixelData(byte[] png) {
    byte[] corrupt = png.clone();
    // Signature (8) + IHDR chunk (25) + IDAT length and type (8) + zlib header (2).
    for (int i = 8 + 25 + 8 + 2; i < corrupt.length - 12 - 4; i++) {
      corrupt[i] = (byte) 0xFF;
    }
    return corrupt;
  }

  @Test
  void theLingerCountsOnlyTimeTheModelWasIdle() {
    List<LabelledPng> images = TestImages.fashionMnist(3, "img");
    pipe(images.get(0), ImageEventFormat.RAW);
    advance(LINGER.minusMillis(50));

    // Another stream thread's batch occupies the model (for MODEL_CALL > LINGER): flushing this
    // partial batch meanwhile would only queue behind it.
    inference.classify(List.of(images.get(1).png(), images.get(2).png()));
    driver.advanceWallClockTime(MODEL_CALL); // the driver's clock catches up: punctuation
    assertThat(predictions.isEmpty()).as("waited LINGER - 50 ms while the model was idle").isTrue();
    advance(Duration.ofMillis(40));
    assertThat(predictions.isEmpty()).as("waited LINGER - 10 ms while the model was idle").isTrue();

    advance(Duration.ofMillis(10));
    assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("img-0");
  }

  @Test
  void imagesBufferedAfterASlowFlushWaitTheirOwnLinger() {
    List<LabelledPng> images = TestImages.fashionMnist(6, "img");
    // Kafka Streams gives all records of a processing round the round's start time; a full batch
    // flushed inside the round takes MODEL_CALL, so the next image must not look that much older.
    images.subList(0, 5).forEach(png -> pipe(png, ImageEventFormat.RAW));
    driver.advanceWallClockTime(MODEL_CALL); // the driver's clock catches up: punctuation
    assertThat(predictions.readKeyValuesToList()).hasSize(4);

    advance(LINGER.minusMillis(1));
    assertThat(predictions.isEmpty()).isTrue();
    advance(Duration.ofMillis(1));
    assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("img-4");
  }

  /** Advances the processors' clock and the driver's wall clock (which fires punctuations). */
  private void advance(Duration duration) {
    clock.advance(duration);
    driver.advanceWallClockTime(duration);
  }

  /** The real model, but each call moves the clock by {@code callTime}, as a slow model would. */
  private record SlowModel(ImageClassifier model, ManualClock clock, Duration callTime)
      implements ImageClassifier {
    @Override
    public ModelIdentity identity() {
      return model.identity();
    }

    @Override
    public List<ImageScores> classify(List<byte[]> encodedImages) {
      clock.advance(callTime);
      return model.classify(encodedImages);
    }

    @Override
    public void close() {
      model.close();
    }
  }

  private List<String> bufferedKeys() {
    KeyValueStore<Long, PendingImage> store =
        driver.getKeyValueStore(ClassifierTopology.BUFFER_STORE);
    List<String> keys = new java.util.ArrayList<>();
    store.all().forEachRemaining(kv -> keys.add(kv.value.key()));
    return keys;
  }

  private void pipe(LabelledPng png, ImageEventFormat format) {
    ProducerRecord<byte[], byte[]> record = png.record("images-in", format, START.toEpochMilli());
    input.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), START));
  }

  private static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  private static Headers pngHeaders() {
    Headers headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.PNG.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
