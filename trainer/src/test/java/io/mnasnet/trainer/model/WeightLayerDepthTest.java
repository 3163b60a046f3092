package io.mnasnet.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.numeric.LogitTolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The depth the logit tolerance is derived from is the depth of the network the trainer builds. */
class WeightLayerDepthTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 1.0, 1.3})
  void everyWidthHasTheDepthTheToleranceAssumes(double width) {
    Network network = MnasNetB1.network(MnasNetConfig.of(width, 10, 32));
    int weightLayers = 0;
    for (Layer layer : network.layers()) {
      if (layer instanceof InvertedResidual block) {
        weightLayers += (int) block.layers().stream().filter(WeightLayerDepthTest::weighs).count();
      } else if (weighs(layer)) {
        weightLayers++;
      }
    }
    assertThat(weightLayers).isEqualTo(LogitTolerance.MNASNET_B1_WEIGHT_LAYERS);
  }

  private static boolean weighs(Layer layer) {
    return layer instanceof Convolution || layer instanceof Linear;
  }
}
