package io.mnasnet.trainer.model;

import java.util.List;

/**
 * Batch normalisation over the channels: {@code gamma * (x - mean) / sqrt(var + eps) + beta}, with
 * batch statistics in training and moving statistics in inference.
 *
 * @param name module path
 * @param channels normalised channels
 */
public record BatchNorm(String name, int channels) implements Layer {

  @Override
  public String description() {
    return "BatchNorm " + channels;
  }

  @Override
  public FeatureShape outputShape(FeatureShape input) {
    if (input.channels() != channels) {
      throw new IllegalArgumentException(
          name + ": expects " + channels + " channels, got " + input.channels());
    }
    return input;
  }

  /** PyTorch's names: {@code weight} (gamma), {@code bias} (beta), {@code running_mean/var}. */
  @Override
  public List<ParameterSpec> parameters() {
    long[] shape = {channels};
    return List.of(
        new ParameterSpec(gammaName(), ParameterRole.BATCH_NORM_GAMMA, shape),
        new ParameterSpec(betaName(), ParameterRole.BATCH_NORM_BETA, shape),
        new ParameterSpec(movingMeanName(), ParameterRole.BATCH_NORM_MOVING_MEAN, shape),
        new ParameterSpec(movingVarianceName(), ParameterRole.BATCH_NORM_MOVING_VARIANCE, shape));
  }

  public String gammaName() {
    return name + ".weight";
  }

  public String betaName() {
    return name + ".bias";
  }

  public String movingMeanName() {
    return name + ".running_mean";
  }

  public String movingVarianceName() {
    return name + ".running_var";
  }

  @Override
  public long multiplyAdds(FeatureShape input) {
    return 0;
  }
}
