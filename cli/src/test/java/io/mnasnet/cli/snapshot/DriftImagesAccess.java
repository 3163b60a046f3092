package io.mnasnet.cli.snapshot;

import io.mnasnet.schemas.ImageEventFormat;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link DriftImages} for the tests of other packages. */
public final class DriftImagesAccess {
  private DriftImagesAccess() {}

  /** A labelled record of original sample image {@code index}. */
  public static ProducerRecord<byte[], byte[]> record(
      String topic, String id, int index, ImageEventFormat format) {
    return DriftImages.record(topic, id, index, false, format);
  }

  /** A copy of the shipped model directory. */
  public static Path shippedModelCopy(Path target) throws IOException {
    return DriftImages.copyOfShippedModel(target);
  }
}
