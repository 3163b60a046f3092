package io.mnasnet.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSummaryTest {

  /** torchvision's published num_params (1000 classes) and _ops, plus the 10-class variant. */
  @ParameterizedTest
  @CsvSource({
    "0.5,  2218512, 950322,  104455968",
    "0.75, 3170208, 1902018, 215493104",
    "1.0,  4383312, 3115122, 314415872",
    "1.3,  6282256, 5014066, 526362432",
  })
  void totalsEqualTorchvision(double width, long params1000, long params10, long macs224) {
    ModelSummary imageNet = ModelSummary.of(MnasNetB1.network(MnasNetConfig.of(width, 1000, 224)));
    ModelSummary tenClasses = ModelSummary.of(MnasNetB1.network(MnasNetConfig.of(width, 10, 224)));

    assertThat(imageNet.parameters()).isEqualTo(params1000);
    assertThat(tenClasses.parameters()).isEqualTo(params10);
    assertThat(imageNet.multiplyAdds()).isEqualTo(macs224);
  }
}
