package io.mnasnet.trainer.model;

import java.util.List;

/**
 * A 2-D convolution without bias, padded by {@code kernelSize / 2} on every side as in PyTorch
 * (TensorFlow's {@code SAME} would pad stride-2 layers unevenly and change the results).
 *
 * @param name module path
 * @param inChannels input channels
 * @param outChannels output channels
 * @param kernelSize side of the square kernel (odd)
 * @param stride 1 or 2
 * @param depthwise one filter per channel ({@code groups = inChannels = outChannels})
 */
public record Convolution(
    String name, int inChannels, int outChannels, int kernelSize, int stride, boolean depthwise)
    implements Layer {

  public Convolution {
    if (kernelSize < 1 || kernelSize % 2 == 0) {
      throw new IllegalArgumentException(name + ": kernel size must be odd, got " + kernelSize);
    }
    if (stride != 1 && stride != 2) {
      throw new IllegalArgumentException(name + ": stride must be 1 or 2, got " + stride);
    }
    if (depthwise && inChannels != outChannels) {
      throw new IllegalArgumentException(
          name
              + ": a depthwise convolution keeps its channels, got "
              + inChannels
              + "->"
              + outChannels);
    }
  }

  /** A full convolution, every output channel sees every input channel. */
  public static Convolution regular(String name, int in, int out, int kernelSize, int stride) {
    return new Convolution(name, in, out, kernelSize, stride, false);
  }

  /** One {@code kernelSize x kernelSize} filter per channel. */
  public static Convolution depthwise(String name, int channels, int kernelSize, int stride) {
    return new Convolution(name, channels, channels, kernelSize, stride, true);
  }

  /** A 1x1 convolution: mixes channels, keeps the resolution. */
  public static Convolution pointwise(String name, int in, int out) {
    return new Convolution(name, in, out, 1, 1, false);
  }

  /** Zero padding on each side. */
  public int padding() {
    return kernelSize / 2;
  }

  @Override
  public String description() {
    String kind = depthwise ? "DepthwiseConv2d" : "Conv2d";
    return kind
        + " "
        + kernelSize
        + "x"
        + kernelSize
        + "/"
        + stride
        + ", "
        + inChannels
        + "->"
        + outChannels;
  }

  @Override
  public FeatureShape outputShape(FeatureShape input) {
    if (input.channels() != inChannels) {
      throw new IllegalArgumentException(
          name + ": expects " + inChannels + " input channels, got " + input.channels());
    }
    return new FeatureShape(outputSide(input.height()), outputSide(input.width()), outChannels);
  }

  private int outputSide(int side) {
    return (side + 2 * padding() - kernelSize) / stride + 1;
  }

  @Override
  public List<ParameterSpec> parameters() {
    int inPerGroup = depthwise ? 1 : inChannels;
    return List.of(
        new ParameterSpec(
            name + ".weight",
            depthwise ? ParameterRole.DEPTHWISE_WEIGHT : ParameterRole.CONV_WEIGHT,
            new long[] {outChannels, inPerGroup, kernelSize, kernelSize}));
  }

  @Override
  public long multiplyAdds(FeatureShape input) {
    FeatureShape out = outputShape(input);
    long inPerGroup = depthwise ? 1 : inChannels;
    return (long) out.height() * out.width() * outChannels * inPerGroup * kernelSize * kernelSize;
  }
}
