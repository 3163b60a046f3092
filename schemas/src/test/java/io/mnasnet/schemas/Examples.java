package io.mnasnet.schemas;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Valid instances of every contract type, shared by the tests. */
final class Examples {
  private Examples() {}

  /** A real 3x2 grey PNG file. */
  static byte[] png() {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(1, 1, 0, 200);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static ImageEvent imageEvent() {
    return new ImageEvent(
        "img-42",
        ContentType.PNG,
        png(),
        1_700_000_000_123L,
        "fashion-mnist/t10k",
        Map.of(ImageEvent.LABEL_ATTRIBUTE, "9"));
  }

  static Prediction prediction() {
    return new Prediction(
        "img-42",
        List.of(
            new Prediction.ClassScore(9, "Ankle boot", 0.91),
            new Prediction.ClassScore(7, "Sneaker", 0.06),
            new Prediction.ClassScore(5, "Sandal", 0.03)),
        new Prediction.ModelRef("mnasnet0_5-fashion-mnist", 1, "onnxruntime"),
        new Prediction.Timings(12, 35, 49),
        8,
        new Prediction.SourcePosition(Topics.IMAGES_IN, 0, 1234),
        "9",
        1_700_000_000_172L);
  }

  static ModelMetadata modelMetadata() {
    return new ModelMetadata(
        "mnasnet0_5-fashion-mnist",
        1,
        "mnasnet-b1",
        0.5,
        List.of("T-shirt/top", "Trouser", "Pullover"),
        new ModelMetadata.Preprocessing(
            32,
            ModelMetadata.Preprocessing.RESIZE_PAD,
            0,
            List.of(0.286, 0.286, 0.286),
            List.of(0.353, 0.353, 0.353),
            ModelMetadata.Preprocessing.GRAYSCALE_REPLICATE),
        ModelMetadata.Signatures.DEFAULT);
  }

  /** Metadata of a version fine-tuned from version 1 on a Kafka snapshot. */
  static ModelMetadata modelMetadataWithLineage() {
    ModelLineage.StreamSnapshot snapshot =
        new ModelLineage.StreamSnapshot(
            "q1Sh-9_ISia_zwGINzRvyQ",
            "broker-1:9092",
            "earliest",
            null,
            1_700_000_000_000L,
            List.of(
                new ModelLineage.PartitionRange(Topics.IMAGES_IN, 0, 0, 812),
                new ModelLineage.PartitionRange(Topics.IMAGES_IN, 1, 17, 790)),
            new ModelLineage.Split(ModelLineage.Split.KEY_HASH, 0.1, List.of()),
            new ModelLineage.Records(
                1585,
                1410,
                160,
                Map.of("no label", 15L),
                Map.of("T-shirt/top", 470L, "Trouser", 470L, "Pullover", 470L)));
    return modelMetadata()
        .withVersion(2)
        .withLineage(
            new ModelLineage(
                "runs/drift-1",
                ModelLineage.TRAIN_ALL,
                new ModelLineage.Parent("mnasnet0_5-fashion-mnist", 1, "models/fashion-mnist/1"),
                snapshot));
  }
}
