package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierRemapTest {

  @Test
  void classifierRowsFollowTheClassNamesAndNewClassesStartAtZero() {
    Network source = MnasNetB1.network(MnasNetConfig.of(0.5, 3, 32));
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec spec : source.parameters()) {
      float[] value = new float[(int) spec.elements()];
      java.util.Arrays.fill(value, 0.5f);
      values.put(spec.name(), value);
    }
    // classifier, TensorFlow layout [features, classes]: column c holds c + 1 everywhere
    float[] weight = values.get("classifier.1.weight");
    for (int i = 0; i < weight.length; i++) {
      weight[i] = i % 3 + 1;
    }
    values.put("classifier.1.bias", new float[] {10, 20, 30});
    ModelWeights weights = ModelWeights.of(source, values);

    ModelWeights remapped =
        ClassifierRemap.remap(weights, List.of("a", "b", "c"), List.of("c", "new", "a", "z"));

    float[] bias = remapped.get("classifier.1.bias");
    assertThat(bias).containsExactly(30, 0, 10, 0);
    float[] columns = remapped.get("classifier.1.weight");
    assertThat(columns.length % 4).isZero();
    for (int f = 0; f < columns.length / 4; f++) {
      assertThat(columns[f * 4]).isEqualTo(3); // c
      assertThat(columns[f * 4 + 1]).isZero(); // new
      assertThat(columns[f * 4 + 2]).isEqualTo(1); // a
      assertThat(columns[f * 4 + 3]).isZero(); // z
    }
    assertThat(remapped.get("layers.0.weight")).isEqualTo(weights.get("layers.0.weight"));
    assertThat(remapped.network().config().numClasses()).isEqualTo(4);
  }
}
