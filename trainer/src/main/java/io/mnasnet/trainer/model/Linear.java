package io.mnasnet.trainer.model;

import java.util.List;

/**
 * A dense layer with bias: {@code x W + b}, applied to a pooled feature vector.
 *
 * @param name module path
 * @param inFeatures input features
 * @param outFeatures output features
 */
public record Linear(String name, int inFeatures, int outFeatures) implements Layer {

  @Override
  public String description() {
    return "Linear " + inFeatures + "->" + outFeatures;
  }

  @Override
  public FeatureShape outputShape(FeatureShape input) {
    if (input.elements() != inFeatures) {
      throw new IllegalArgumentException(
          name + ": expects " + inFeatures + " features, got " + input.elements());
    }
    return new FeatureShape(1, 1, outFeatures);
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        new ParameterSpec(
            weightName(), ParameterRole.DENSE_WEIGHT, new long[] {outFeatures, inFeatures}),
        new ParameterSpec(biasName(), ParameterRole.DENSE_BIAS, new long[] {outFeatures}));
  }

  public String weightName() {
    return name + ".weight";
  }

  public String biasName() {
    return name + ".bias";
  }

  @Override
  public long multiplyAdds(FeatureShape input) {
    return (long) inFeatures * outFeatures;
  }
}
