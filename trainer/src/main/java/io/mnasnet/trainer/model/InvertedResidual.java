package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2's inverted residual block as torchvision's MNASNet builds it: expand with a 1x1
 * convolution, filter with a depthwise convolution, project back with a 1x1 convolution. The
 * projection is linear (no ReLU), and the input is added back only when the block keeps the shape.
 *
 * @param name module path, e.g. {@code layers.8.0}
 * @param inChannels input channels
 * @param outChannels output channels
 * @param kernelSize depthwise kernel: 3 or 5
 * @param stride depthwise stride: 1 or 2
 * @param expansion expanded channels = {@code inChannels * expansion}
 */
public record InvertedResidual(
    String name, int inChannels, int outChannels, int kernelSize, int stride, int expansion)
    implements Layer {

  public InvertedResidual {
    if (kernelSize != 3 && kernelSize != 5) {
      throw new IllegalArgumentException(name + ": kernel size must be 3 or 5, got " + kernelSize);
    }
    if (expansion < 1) {
      throw new IllegalArgumentException(name + ": expansion must be at least 1, got " + expansion);
    }
  }

  /** The skip connection exists only where input and output shapes agree. */
  public boolean residual() {
    return inChannels == outChannels && stride == 1;
  }

  /** The eight modules, named {@code <name>.layers.0} to {@code .7} as in torchvision. */
  public List<Layer> layers() {
    int expanded = inChannels * expansion;
    ModuleNames names = new ModuleNames(name + ".layers");
    return List.of(
        Convolution.pointwise(names.next(), inChannels, expanded),
        new BatchNorm(names.next(), expanded),
        new Relu(names.next()),
        Convolution.depthwise(names.next(), expanded, kernelSize, stride),
        new BatchNorm(names.next(), expanded),
        new Relu(names.next()),
        // Linear bottleneck: a ReLU here would destroy information in the narrow projection.
        Convolution.pointwise(names.next(), expanded, outChannels),
        new BatchNorm(names.next(), outChannels));
  }

  @Override
  public String description() {
    return "InvertedResidual k"
        + kernelSize
        + "/"
        + stride
        + " x"
        + expansion
        + ", "
        + inChannels
        + "->"
        + outChannels
        + (residual() ? " +skip" : "");
  }

  @Override
  public FeatureShape outputShape(FeatureShape input) {
    FeatureShape shape = input;
    for (Layer layer : layers()) {
      shape = layer.outputShape(shape);
    }
    return shape;
  }

  @Override
  public List<ParameterSpec> parameters() {
    List<ParameterSpec> parameters = new ArrayList<>();
    for (Layer layer : layers()) {
      parameters.addAll(layer.parameters());
    }
    return parameters;
  }

  @Override
  public long multiplyAdds(FeatureShape input) {
    long total = 0;
    FeatureShape shape = input;
    for (Layer layer : layers()) {
      total += layer.multiplyAdds(shape);
      shape = layer.outputShape(shape);
    }
    return total;
  }
}
