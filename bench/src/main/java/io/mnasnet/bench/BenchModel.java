package io.mnasnet.bench;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.export.StandardPreprocessing;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A model the benchmarks serve: MnasNet-B1 with random (torchvision-initialised) weights, exported
 * as a SavedModel. Speed does not depend on the weights' values.
 *
 * @param name label and directory name
 * @param width width multiplier
 * @param classes number of classes
 * @param imageSize input side
 * @param torchvisionArch the torchvision constructor of the same network
 * @param input the pipeline input this model classifies
 */
public record BenchModel(
    String name,
    double width,
    int classes,
    int imageSize,
    String torchvisionArch,
    BenchImages.Kind input) {

  /** Width 1.0, ImageNet-shaped: 1000 classes, 224x224, resize + centre crop preprocessing. */
  public static final BenchModel LARGE =
      new BenchModel("w1.0-224px", 1.0, 1000, 224, "mnasnet1_0", BenchImages.Kind.JPEG_224);

  /** Width 0.5, Fashion-MNIST-shaped: 10 classes, 28x28 grey images padded to 32x32. */
  public static final BenchModel SMALL =
      new BenchModel("w0.5-32px", 0.5, 10, 32, "mnasnet0_5", BenchImages.Kind.PNG_28);

  /**
   * Width 0.5, ImageNet-shaped: 1000 classes, 224x224, resize + centre crop: the model of issue
   * 13's photo figures (cheaper than {@link #LARGE}, so the plumbing's share shows more).
   */
  public static final BenchModel MEDIUM =
      new BenchModel("w0.5-224px", 0.5, 1000, 224, "mnasnet0_5", BenchImages.Kind.JPEG_256);

  /** The model serving {@code input}. */
  public static BenchModel forInput(BenchImages.Kind input) {
    return switch (input) {
      case JPEG_224 -> LARGE;
      case JPEG_256, PHOTO_1280 -> MEDIUM;
      case PNG_28 -> SMALL;
    };
  }

  /** The network. */
  public Network network() {
    return MnasNetB1.network(MnasNetConfig.of(width, classes, imageSize));
  }

  /** Multiply-adds of one image's forward pass. */
  public long multiplyAdds() {
    return network().multiplyAdds();
  }

  /** The preprocessing its metadata declares: Fashion-MNIST padding or ImageNet resize + crop. */
  public Preprocessing preprocessing() {
    return input == BenchImages.Kind.PNG_28
        ? StandardPreprocessing.fashionMnist(imageSize)
        : StandardPreprocessing.imageNet(imageSize);
  }

  /** Exports the model to {@code parent/name} and returns that directory. */
  public Path export(Path parent) throws IOException {
    Network network = network();
    List<String> labels =
        classes == FashionMnist.NUM_CLASSES
            ? FashionMnist.CLASS_NAMES
            : IntStream.range(0, classes).mapToObj(i -> "class-" + i).toList();
    ModelMetadata metadata =
        new ModelMetadata(
            "bench-" + name,
            1,
            network.architecture(),
            width,
            labels,
            preprocessing(),
            ModelMetadata.Signatures.DEFAULT);
    Path dir = parent.resolve(name);
    // only moves weights; the measurements run in worker processes with their own runtimes
    ResolvedRuntime runtime = ResolvedRuntime.cpuOnly();
    SavedModelExporter.export(
        ModelWeights.initialized(network, ParameterInitializer.torchvision(1), runtime),
        metadata,
        dir,
        runtime);
    return dir;
  }
}
