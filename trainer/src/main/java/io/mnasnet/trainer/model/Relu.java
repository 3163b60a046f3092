package io.mnasnet.trainer.model;

import java.util.List;

/**
 * {@code max(x, 0)}.
 *
 * @param name module path
 */
public record Relu(String name) implements Layer {

  @Override
  public String description() {
    return "ReLU";
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
