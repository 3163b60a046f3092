package io.mnasnet.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.snapshot.CachedImageGeometry;
import io.mnasnet.trainer.snapshot.ClassLabels;
import io.mnasnet.trainer.snapshot.SkipReason;
import io.mnasnet.trainer.training.TrainingData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
  private final RecordDecoder decoder =
      new RecordDecoder(
          ClassLabels.of(FashionMnist.CLASS_NAMES),
          new CachedImageGeometry(TrainingData.fashionMnistPreprocessing()),
          ImageSizeLimit.DEFAULT,
          (topic, id) -> id.endsWith("held"));

  @Test
  void readsBothFormatsWithLabelsByIndexOrName() {
    RecordDecoder.Outcome raw =
        decoder.decode(consumed(DriftImages.record("t", "a", 0, false, ImageEventFormat.RAW)));
    RecordDecoder.Outcome json =
        decoder.decode(consumed(DriftImages.record("t", "b-held", 1, true, ImageEventFormat.JSON)));
    assertThat(raw).isInstanceOf(RecordDecoder.Used.class);
    RecordDecoder.Used used = (RecordDecoder.Used) raw;
    assertThat(used.label()).isEqualTo(Integer.toString(DriftImages.label(0)));
    assertThat(used.heldOut()).isFalse();
    assertThat(used.original()).as("training records keep no original").isNull();
    assertThat(used.image().size()).isEqualTo(32);
    assertThat(used.image().channels()).isEqualTo(1);
    RecordDecoder.Used fromJson = (RecordDecoder.Used) json;
    assertThat(fromJson.label()).isEqualTo(FashionMnist.CLASS_NAMES.get(DriftImages.label(1)));
    assertThat(fromJson.heldOut()).isTrue();
    assertThat(fromJson.original()).isEqualTo(DriftImages.png(1, true));
  }

  @Test
  void skipsWhatCannotTrainWithTheReason() {
    assertThat(
            reason(
                DriftImages.record(
                    "t", "x", DriftImages.png(0, false), Map.of(), ImageEventFormat.RAW)))
        .isEqualTo(SkipReason.NO_LABEL);
    assertThat(
            reason(
                DriftImages.record(
                    "t",
                    "x",
                    DriftImages.png(0, false),
                    Map.of("label", "Giraffe"),
                    ImageEventFormat.RAW)))
        .isEqualTo(SkipReason.UNKNOWN_LABEL);
    assertThat(reason(DriftImages.text("t", "x", "hello")))
        .isEqualTo(SkipReason.NOT_AN_IMAGE_EVENT);
    assertThat(
            reason(
                DriftImages.record(
                    "t",
                    "x",
                    DriftImages.pngClaiming(70_000, 70_000),
                    Map.of("label", "1"),
                    ImageEventFormat.RAW)))
        .isEqualTo(SkipReason.IMAGE_TOO_LARGE);
    assertThat(
            reason(
                DriftImages.record(
                    "t",
                    "x",
                    "not a png at all".getBytes(StandardCharsets.UTF_8),
                    Map.of("label", "1"),
                    ImageEventFormat.RAW)))
        .isEqualTo(SkipReason.UNDECODABLE_IMAGE);
    ProducerRecord<byte[], byte[]> tombstone =
        new ProducerRecord<>("t", "x".getBytes(StandardCharsets.UTF_8), null);
    assertThat(reason(tombstone)).isEqualTo(SkipReason.NOT_AN_IMAGE_EVENT);
  }

  private SkipReason reason(ProducerRecord<byte[], byte[]> record) {
    return ((RecordDecoder.Skipped) decoder.decode(consumed(record))).reason();
  }

  private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> sent) {
    return new ConsumerRecord<>(
        sent.topic(),
        0,
        0,
        sent.timestamp() == null ? 0 : sent.timestamp(),
        TimestampType.CREATE_TIME,
        sent.key() == null ? -1 : sent.key().length,
        sent.value() == null ? -1 : sent.value().length,
        sent.key(),
        sent.value(),
        sent.headers(),
        java.util.Optional.empty());
  }
}
