package io.mnasnet.trainer.model;

import java.util.List;

/**
 * Mean over height and width: turns a feature map into a feature vector (torchvision does this
 * inline in {@code forward}, so the module has no torchvision name; it is called {@code pool}).
 *
 * @param name display name
 */
public record GlobalAveragePool(String name) implements Layer {

  @Override
  public String description() {
    return "GlobalAveragePool";
  }

  @Override
  public FeatureShape outputShape(FeatureShape input) {
    return new FeatureShape(1, 1, input.channels());
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
