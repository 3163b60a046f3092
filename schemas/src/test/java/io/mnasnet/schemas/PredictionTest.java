package io.mnasnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PredictionTest {
  private final PredictionSerde serde = new PredictionSerde();
  private final Prediction prediction = Examples.prediction();

  @Test
  void roundTripsThroughTheSerde() {
    byte[] json = serde.serializer().serialize("predictions-out", prediction);
    assertThat(serde.deserializer().deserialize("predictions-out", json)).isEqualTo(prediction);
    assertThat(serde.deserializer().deserialize("predictions-out", null)).isNull();
  }

  @Test
  void absentTrueLabelIsLeftOut() {
    Prediction unlabeled =
        new Prediction(
            "a",
            prediction.topK(),
            prediction.model(),
            prediction.timings(),
            1,
            prediction.source(),
            null,
            5);
    String json = new String(serde.write(unlabeled), StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("trueLabel");
    assertThat(serde.read("t", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(unlabeled);
    assertThat(unlabeled.top1MatchesTrueLabel()).isEmpty();
  }

  @Test
  void theEngineIsWrittenWhenKnownAndLeftOutOtherwise() {
    assertThat(new String(serde.write(prediction), StandardCharsets.UTF_8))
        .contains(
            "\"model\":{\"name\":\"mnasnet0_5-fashion-mnist\",\"version\":1,"
                + "\"engine\":\"onnxruntime\"}");
    Prediction unnamed = withModel(new Prediction.ModelRef("m", 2));
    String json = new String(serde.write(unnamed), StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("engine");
    assertThat(serde.read("t", json.getBytes(StandardCharsets.UTF_8)).model())
        .isEqualTo(new Prediction.ModelRef("m", 2, null));
  }

  @Test
  void comparesTheTrueLabelWithTheTopClass() {
    assertThat(prediction.top1().index()).isEqualTo(9);
    assertThat(prediction.top1MatchesTrueLabel()).contains(true);
    assertThat(withTrueLabel("3").top1MatchesTrueLabel()).contains(false);
    assertThat(withTrueLabel("Ankle boot").top1MatchesTrueLabel()).contains(true);
  }

  @Test
  void readerRejectsMissingAndMistypedFieldsNamingThem() {
    assertUnreadable(n -> n.remove("batchSize"), "batchSize");
    assertUnreadable(n -> n.remove("predictedAt"), "predictedAt");
    assertUnreadable(n -> n.remove("model"), "'model'");
    assertUnreadable(n -> n.put("batchSize", "8"), "batchSize");
    assertUnreadable(n -> n.put("batchSize", 0), "'batchSize'");
    assertUnreadable(n -> n.withObjectProperty("model").remove("version"), "version");
    assertUnreadable(
        n -> ((ObjectNode) n.withArrayProperty("topK").get(0)).put("probability", 1.5),
        "'topK.probability'");
  }

  @Test
  void readerIgnoresUnknownFieldsOfNewerProducers() {
    ObjectNode json = ContractSchemas.MAPPER.valueToTree(prediction);
    json.put("addedInVersion2", "x");
    assertThat(serde.read("t", json.toString().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(prediction);
  }

  @Test
  void truncatedJsonIsASerializationException() {
    byte[] json = serde.write(prediction);
    assertThatThrownBy(() -> serde.read("predictions-out", java.util.Arrays.copyOf(json, 20)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("predictions-out");
  }

  @Test
  void constructorChecksTheContract() {
    Prediction.ClassScore low = new Prediction.ClassScore(1, "b", 0.1);
    Prediction.ClassScore high = new Prediction.ClassScore(0, "a", 0.8);
    assertThatThrownBy(
            () ->
                new Prediction(
                    "a",
                    List.of(low, high),
                    prediction.model(),
                    prediction.timings(),
                    1,
                    prediction.source(),
                    null,
                    0))
        .hasMessageContaining("'topK' must be sorted");
    assertThatThrownBy(() -> new Prediction.ClassScore(0, "a", Double.NaN))
        .hasMessageContaining("'topK.probability'");
    assertThatThrownBy(() -> new Prediction.SourcePosition("images-in", -1, 0))
        .hasMessageContaining("'source.partition'");
    assertThatThrownBy(() -> new Prediction.ModelRef("", 1)).hasMessageContaining("'model.name'");
    assertThatThrownBy(() -> new Prediction.ModelRef("m", 1, ""))
        .hasMessageContaining("'model.engine'");
    assertThatThrownBy(
            () ->
                new Prediction(
                    "a",
                    List.of(),
                    prediction.model(),
                    prediction.timings(),
                    1,
                    prediction.source(),
                    null,
                    0))
        .hasMessageContaining("'topK'");
    // clock skew between producer and app: negative queueing time is reported, not rejected
    assertThat(new Prediction.Timings(-3, 10, 7).queuedMs()).isEqualTo(-3);
  }

  /** {@link Examples#prediction()} made by {@code model}. */
  static Prediction withModel(Prediction.ModelRef model) {
    Prediction prediction = Examples.prediction();
    return new Prediction(
        prediction.id(),
        prediction.topK(),
        model,
        prediction.timings(),
        prediction.batchSize(),
        prediction.source(),
        prediction.trueLabel(),
        prediction.predictedAt());
  }

  private Prediction withTrueLabel(String label) {
    return new Prediction(
        prediction.id(),
        prediction.topK(),
        prediction.model(),
        prediction.timings(),
        prediction.batchSize(),
        prediction.source(),
        label,
        prediction.predictedAt());
  }

  private void assertUnreadable(java.util.function.Consumer<ObjectNode> change, String field) {
    ObjectNode json = ContractSchemas.MAPPER.valueToTree(prediction);
    change.accept(json);
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> serde.read("predictions-out", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(field);
  }
}
