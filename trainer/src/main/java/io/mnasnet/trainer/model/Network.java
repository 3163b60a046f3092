package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as a sequence of layers applied to a square RGB image, with the configuration it was
 * built from. Pure description: {@link MnasNetGraphBuilder} turns it into TensorFlow operations.
 *
 * @param architecture architecture id as written in model metadata, e.g. {@code mnasnet-b1}
 * @param config the configuration it was built from
 * @param layers the top-level modules, in order
 */
public record Network(String architecture, MnasNetConfig config, List<Layer> layers) {

  public Network {
    layers = List.copyOf(layers);
  }

  /** The input of one image. */
  public FeatureShape inputShape() {
    return FeatureShape.image(config.imageSize());
  }

  /** Every parameter tensor, in module order, including BatchNorm moving statistics. */
  public List<ParameterSpec> parameters() {
    List<ParameterSpec> parameters = new ArrayList<>();
    for (Layer layer : layers) {
      parameters.addAll(layer.parameters());
    }
    return parameters;
  }

  /** Every parameter tensor by its {@code state_dict} key, in module order. */
  public Map<String, ParameterSpec> parametersByName() {
    Map<String, ParameterSpec> byName = new LinkedHashMap<>();
    for (ParameterSpec p : parameters()) {
      byName.put(p.name(), p);
    }
    return byName;
  }

  /** Number of trainable scalars (what torchvision reports as {@code num_params}). */
  public long trainableParameterCount() {
    return parameters().stream()
        .filter(p -> p.role().trainable())
        .mapToLong(ParameterSpec::elements)
        .sum();
  }

  /** Multiply-accumulate operations per image of convolutions and the classifier. */
  public long multiplyAdds() {
    long total = 0;
    FeatureShape shape = inputShape();
    for (Layer layer : layers) {
      total += layer.multiplyAdds(shape);
      shape = layer.outputShape(shape);
    }
    return total;
  }
}
