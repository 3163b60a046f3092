package io.mnasnet.schemas;

/**
 * {@link JsonSerde} of {@link Prediction}s, with the no-argument constructor Kafka configs need.
 */
public class PredictionSerde extends JsonSerde<Prediction> {
  public PredictionSerde() {
    super(Prediction.class);
  }
}
