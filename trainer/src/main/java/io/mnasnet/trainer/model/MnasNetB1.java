package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * MnasNet-B1 (Tan et al. 2018, "MnasNet: Platform-Aware Neural Architecture Search for Mobile"),
 * layer for layer and name for name as torchvision's {@code MNASNet} (version 2, which scales the
 * stem with the width too). A torchvision {@code state_dict} therefore maps one to one onto {@link
 * Network#parameters()}.
 *
 * <pre>
 *   stem:  conv 3x3/2 -> BN -> ReLU -> depthwise 3x3 -> BN -> ReLU -> conv 1x1 -> BN
 *   six stacks of inverted residual blocks ({@link #STACKS})
 *   head:  conv 1x1 to 1280 -> BN -> ReLU -> mean over H,W -> dropout -> dense
 * </pre>
 */
public final class MnasNetB1 {

  /** Architecture id written into model metadata. */
  public static final String ARCHITECTURE = "mnasnet-b1";

  /** Output channels of the stem convolution at width 1.0. */
  static final int STEM_DEPTH = 32;

  /** Output channels of the stem's depthwise-separable block at width 1.0. */
  static final int SEPARABLE_DEPTH = 16;

  /** The six stacks of inverted residuals (the body of the paper's Figure 7, as torchvision). */
  static final List<StackSpec> STACKS =
      List.of(
          //           depth kernel stride expansion repeats
          new StackSpec(24, 3, 2, 3, 3),
          new StackSpec(40, 5, 2, 3, 3),
          new StackSpec(80, 5, 2, 6, 3),
          new StackSpec(96, 3, 1, 6, 2),
          new StackSpec(192, 5, 2, 6, 4),
          new StackSpec(320, 3, 1, 6, 1));

  /** Channels before the classifier; not scaled by the width, as in torchvision. */
  public static final int HEAD_DEPTH = 1280;

  private MnasNetB1() {}

  /** The network for {@code config}. */
  public static Network network(MnasNetConfig config) {
    double width = config.width();
    int stem = ChannelRounding.scale(STEM_DEPTH, width);
    int separable = ChannelRounding.scale(SEPARABLE_DEPTH, width);

    ModuleNames names = new ModuleNames("layers");
    List<Layer> layers = new ArrayList<>();
    // First layer: regular convolution.
    layers.add(Convolution.regular(names.next(), 3, stem, 3, 2));
    layers.add(new BatchNorm(names.next(), stem));
    layers.add(new Relu(names.next()));
    // Depthwise separable, no skip.
    layers.add(Convolution.depthwise(names.next(), stem, 3, 1));
    layers.add(new BatchNorm(names.next(), stem));
    layers.add(new Relu(names.next()));
    layers.add(Convolution.pointwise(names.next(), stem, separable));
    layers.add(new BatchNorm(names.next(), separable));

    int channels = separable;
    for (StackSpec stack : STACKS) {
      int depth = ChannelRounding.scale(stack.depth(), width);
      layers.addAll(stack(names.next(), channels, depth, stack));
      channels = depth;
    }

    // Final mapping to the classifier input.
    layers.add(Convolution.pointwise(names.next(), channels, HEAD_DEPTH));
    layers.add(new BatchNorm(names.next(), HEAD_DEPTH));
    layers.add(new Relu(names.next()));
    layers.add(new GlobalAveragePool("pool"));

    ModuleNames classifier = new ModuleNames("classifier");
    layers.add(new Dropout(classifier.next(), config.dropout()));
    layers.add(new Linear(classifier.next(), HEAD_DEPTH, config.numClasses()));
    return new Network(ARCHITECTURE, config, layers);
  }

  /** The blocks of one stack, named {@code <name>.0}, {@code <name>.1}, ... */
  private static List<Layer> stack(String name, int in, int out, StackSpec spec) {
    ModuleNames blocks = new ModuleNames(name);
    List<Layer> layers = new ArrayList<>();
    // First one has no skip, because the feature map size changes.
    layers.add(
        new InvertedResidual(
            blocks.next(), in, out, spec.kernelSize(), spec.stride(), spec.expansion()));
    for (int i = 1; i < spec.repeats(); i++) {
      layers.add(
          new InvertedResidual(blocks.next(), out, out, spec.kernelSize(), 1, spec.expansion()));
    }
    return layers;
  }
}
