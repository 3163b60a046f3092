package io.mnasnet.trainer.model;

import java.util.List;

/**
 * Zeroes each feature with probability {@code rate} in training and scales the rest by {@code
 * 1/(1-rate)}; the identity in inference.
 *
 * @param name module path
 * @param rate probability of dropping a feature
 */
public record Dropout(String name, double rate) implements Layer {

  @Override
  public String description() {
    return "Dropout " + rate;
  }

  @Override
  public FeatureShape outputShape(FeatureShape input) {
    return input;
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of();
  }

  @Override
  public long multiplyAdds(FeatureShape input) {
    return 0;
  }
}
