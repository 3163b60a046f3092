package io.mnasnet.schemas;

import org.apache.kafka.common.serialization.Serdes;

/**
 * Serde of {@link ImageEvent}s: {@link ImageEventSerializer} (JSON unless configured otherwise) and
 * {@link ImageEventDeserializer} (JSON envelopes only; see there).
 */
public class ImageEventSerde extends Serdes.WrapperSerde<ImageEvent> {
  public ImageEventSerde() {
    this(ImageEventFormat.JSON);
  }

  public ImageEventSerde(ImageEventFormat format) {
    super(new ImageEventSerializer(format), new ImageEventDeserializer());
  }
}
