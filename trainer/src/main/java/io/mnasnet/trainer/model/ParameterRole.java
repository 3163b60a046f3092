package io.mnasnet.trainer.model;

/**
 * What a parameter tensor is for. The role decides whether it is trained, whether weight decay
 * applies to it, how it is initialised, and how PyTorch's layout maps to TensorFlow's.
 */
public enum ParameterRole {
  /** Regular or pointwise convolution kernel: PyTorch OIHW, TensorFlow HWIO. */
  CONV_WEIGHT(true, true, new int[] {2, 3, 1, 0}),
  /** Depthwise convolution kernel: PyTorch {@code [C,1,kh,kw]}, TensorFlow {@code [kh,kw,C,1]}. */
  DEPTHWISE_WEIGHT(true, true, new int[] {2, 3, 0, 1}),
  /** BatchNorm scale (gamma; PyTorch's {@code weight}). */
  BATCH_NORM_GAMMA(true, false, new int[] {0}),
  /** BatchNorm offset (beta; PyTorch's {@code bias}). */
  BATCH_NORM_BETA(true, false, new int[] {0}),
  /** BatchNorm moving mean (PyTorch's {@code running_mean}): updated, not trained. */
  BATCH_NORM_MOVING_MEAN(false, false, new int[] {0}),
  /** BatchNorm moving variance (PyTorch's {@code running_var}): updated, not trained. */
  BATCH_NORM_MOVING_VARIANCE(false, false, new int[] {0}),
  /** Classifier matrix: PyTorch {@code [out,in]}, TensorFlow {@code [in,out]}. */
  DENSE_WEIGHT(true, true, new int[] {1, 0}),
  /** Classifier bias. */
  DENSE_BIAS(true, false, new int[] {0});

  private final boolean trainable;
  private final boolean weightDecay;
  private final int[] torchToTensorFlow;

  ParameterRole(boolean trainable, boolean weightDecay, int[] torchToTensorFlow) {
    this.trainable = trainable;
    this.weightDecay = weightDecay;
    this.torchToTensorFlow = torchToTensorFlow;
  }

  /** Whether gradient descent updates it (moving statistics are assigned, not trained). */
  public boolean trainable() {
    return trainable;
  }

  /**
   * Whether weight decay should apply: kernels yes; BatchNorm gamma/beta and biases no (decaying
   * them only fights the normalisation and the class priors).
   */
  public boolean weightDecay() {
    return weightDecay;
  }

  /**
   * The permutation that turns the PyTorch layout into the TensorFlow layout: TensorFlow axis
   * {@code i} is PyTorch axis {@code permutation[i]} (numpy's {@code transpose} convention).
   */
  public int[] torchToTensorFlowPermutation() {
    return torchToTensorFlow.clone();
  }
}
