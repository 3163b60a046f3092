package io.mnasnet.trainer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.augment.LabelledImage;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.training.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCacheTest {
  private static final ModelMetadata.Preprocessing FASHION =
      TrainingData.fashionMnistPreprocessing();

  @TempDir Path work;

  @Test
  void writesWhatItReadsAndReadsItBackSortedByPartitionAndOffset() throws IOException {
    LabelledImages sample = FashionMnist.loadSample();
    SnapshotCacheWriter writer =
        SnapshotCacheWriter.create(
            work.resolve("cache"), FASHION, ClassLabels.of(FashionMnist.CLASS_NAMES));
    // partition 1 arrives before partition 0, as fetches may interleave them
    add(writer, sample, new RecordRef("t", 1, 0, "b-0"), 3, false);
    add(writer, sample, new RecordRef("t", 0, 5, "a-5"), 1, true);
    add(writer, sample, new RecordRef("t", 0, 2, "a-2"), 0, false);
    writer.skip(new RecordRef("t", 0, 3, "a-3"), null, SkipReason.NO_LABEL, "no attr.label");
    SnapshotManifest written =
        writer.finish(
            origin(new KeyHashSplit(0.1).lineage()),
            new ReadStatistics(4, 4000, 0.5, 0, 0),
            SnapshotCacheWriter.Purpose.TRAINING);

    SnapshotCache cache = SnapshotCache.open(work.resolve("cache"));
    assertThat(cache.manifest()).isEqualTo(written);
    assertThat(cache.manifest().labels()).isEqualTo(FashionMnist.CLASS_NAMES);
    assertThat(cache.train().size()).isEqualTo(2);
    assertThat(cache.validation().size()).isEqualTo(1);
    // sorted: t-0@2 (image 0) then t-1@0 (image 3)
    assertThat(cache.train().label(0)).isEqualTo(sample.label(0));
    assertThat(cache.train().label(1)).isEqualTo(sample.label(3));
    LabelledImage first = cache.train().load(0);
    assertThat(first.image().shape()).isEqualTo("32x32x1");
    // the 28x28 image sits at (2, 2) on black, exactly
    assertThat(first.image().get(0, 0, 0)).isZero();
    assertThat(Math.round(first.image().get(2 + 14, 2 + 10, 0) * 255))
        .isEqualTo(sample.pixel(0, 14, 10));
    assertThat(cache.validation().encoded(0)).isEqualTo(png(sample, 1));
    assertThat(cache.validation().label(0)).isEqualTo(sample.label(1));

    ModelLineage.Records records = cache.manifest().snapshot().records();
    assertThat(records.read()).isEqualTo(4);
    assertThat(records.train()).isEqualTo(2);
    assertThat(records.validation()).isEqualTo(1);
    assertThat(records.skipped()).isEqualTo(Map.of("no label", 1L));
    assertThat(records.perClass().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    assertThat(cache.manifest().read().cacheBytes()).isPositive();
    assertThat(Files.readAllLines(work.resolve("cache/records.csv")))
        .containsExactly(
            "topic,partition,offset,id,label,use",
            "t,1,0,b-0," + sample.label(3) + ",train",
            "t,0,5,a-5," + sample.label(1) + ",validation",
            "t,0,2,a-2," + sample.label(0) + ",train",
            "t,0,3,a-3,,skipped: no label");
  }

  @Test
  void derivesTheClassesFromTheLabelsSeen() throws IOException {
    LabelledImages sample = FashionMnist.loadSample();
    SnapshotCacheWriter writer =
        SnapshotCacheWriter.create(work.resolve("cache"), FASHION, ClassLabels.fromData());
    byte[] png = png(sample, 0);
    DecodedImage image = ImageEncoding.decode(png, ImageSizeLimit.DEFAULT);
    writer.add(new RecordRef("t", 0, 0, "x"), "shoe", false, writer.geometry().prepare(image), png);
    writer.add(new RecordRef("t", 0, 1, "y"), "bag", false, writer.geometry().prepare(image), png);
    writer.add(new RecordRef("t", 0, 2, "z"), "shoe", true, writer.geometry().prepare(image), png);
    writer.finish(
        origin(new KeyHashSplit(0.1).lineage()),
        new ReadStatistics(3, 0, 0, 0, 0),
        SnapshotCacheWriter.Purpose.TRAINING);

    SnapshotCache cache = SnapshotCache.open(work.resolve("cache"));
    assertThat(cache.manifest().labels()).containsExactly("bag", "shoe");
    assertThat(cache.train().label(0)).isEqualTo(1);
    assertThat(cache.train().label(1)).isEqualTo(0);
  }

  @Test
  void aSnapshotWithNothingUsableSaysWhatWasSkippedAndWhatToDo() throws IOException {
    SnapshotCacheWriter writer =
        SnapshotCacheWriter.create(
            work.resolve("cache"), FASHION, ClassLabels.of(FashionMnist.CLASS_NAMES));
    writer.skip(new RecordRef("t", 0, 0, "a"), "Giraffe", SkipReason.UNKNOWN_LABEL, "'Giraffe'");
    writer.skip(new RecordRef("t", 0, 1, "b"), "Zebra", SkipReason.UNKNOWN_LABEL, "'Zebra'");
    assertThatThrownBy(
            () ->
                writer.finish(
                    origin(new KeyHashSplit(0.1).lineage()),
                    new ReadStatistics(2, 0, 0, 0, 0),
                    SnapshotCacheWriter.Purpose.TRAINING))
        .isInstanceOf(UnusableSnapshotException.class)
        .hasMessageContaining("no usable record")
        .hasMessageContaining("read 2 records of 't' 0:[0, 6) 1:[0, 1)")
        .hasMessageContaining("2 label matches no class (e.g. 'a' at t-0@0: 'Giraffe')")
        .hasMessageContaining(". Give the class names with --labels");
    assertThat(SnapshotCache.isComplete(work.resolve("cache"))).isFalse();
  }

  @Test
  void aSplitWithoutValidationIsRefusedForTrainingButNotForEvaluation() throws IOException {
    LabelledImages sample = FashionMnist.loadSample();
    SnapshotCacheWriter training =
        SnapshotCacheWriter.create(
            work.resolve("a"), FASHION, ClassLabels.of(FashionMnist.CLASS_NAMES));
    add(training, sample, new RecordRef("t", 0, 0, "x"), 0, false);
    assertThatThrownBy(
            () ->
                training.finish(
                    origin(new KeyHashSplit(0.1).lineage()),
                    new ReadStatistics(1, 0, 0, 0, 0),
                    SnapshotCacheWriter.Purpose.TRAINING))
        .hasMessageContaining("no record is held out for validation")
        .hasMessageContaining("--val-fraction");

    SnapshotCacheWriter evaluation =
        SnapshotCacheWriter.create(
            work.resolve("b"), FASHION, ClassLabels.of(FashionMnist.CLASS_NAMES));
    add(evaluation, sample, new RecordRef("t", 0, 0, "x"), 0, true);
    evaluation.finish(
        origin(new ModelLineage.Split(ModelLineage.Split.TOPICS, 0, List.of("t"))),
        new ReadStatistics(1, 0, 0, 0, 0),
        SnapshotCacheWriter.Purpose.EVALUATION);
    assertThat(SnapshotCache.open(work.resolve("b")).validation().size()).isEqualTo(1);
  }

  private static void add(
      SnapshotCacheWriter writer, LabelledImages sample, RecordRef ref, int image, boolean heldOut)
      throws IOException {
    byte[] png = png(sample, image);
    writer.add(
        ref,
        Integer.toString(sample.label(image)),
        heldOut,
        writer.geometry().prepare(ImageEncoding.decode(png, ImageSizeLimit.DEFAULT)),
        png);
  }

  private static byte[] png(LabelledImages sample, int image) {
    return ImageEncoding.encodeGreyPng(sample.image(image), 28, 28);
  }

  private static SnapshotOrigin origin(ModelLineage.Split split) {
    return new SnapshotOrigin(
        "cluster-1",
        "localhost:9092",
        "earliest",
        null,
        1_700_000_000_000L,
        List.of(
            new ModelLineage.PartitionRange("t", 0, 0, 6),
            new ModelLineage.PartitionRange("t", 1, 0, 1)),
        split);
  }
}
