package io.mnasnet.trainer.model;

import java.util.List;

/**
 * One module of the network, named after its torchvision module path (e.g. {@code layers.0}, {@code
 * layers.8.0}, {@code classifier.1}). A pure description: shapes, parameters and cost, no
 * TensorFlow. {@link MnasNetGraphBuilder} turns it into operations; {@link ModelSummary} counts it.
 */
public sealed interface Layer
    permits Convolution, BatchNorm, Relu, InvertedResidual, GlobalAveragePool, Dropout, Linear {

  /** The torchvision module path, the prefix of its parameters' {@code state_dict} keys. */
  String name();

  /** A short human-readable description, e.g. {@code Conv2d 3x3/2, 3->16}. */
  String description();

  /** The shape this layer produces from {@code input}. */
  FeatureShape outputShape(FeatureShape input);

  /** Its parameter tensors (trainable ones and BatchNorm moving statistics), in module order. */
  List<ParameterSpec> parameters();

  /** Multiply-accumulate operations per image (convolutions and dense layers only). */
  long multiplyAdds(FeatureShape input);
}
