package io.mnasnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What our code writes validates against the schema files; what breaks the contract does not. */
class SchemaExamplesTest {
  private static final ImageEventCodec CODEC = new ImageEventCodec();

  static final java.util.List<String> SCHEMAS = SchemaResources.ALL;

  @ParameterizedTest
  @FieldSource("SCHEMAS")
  void schemaFilesAreValidDraft202012(String resource) {
    assertThat(ContractSchemas.metaSchemaErrors(resource)).isEmpty();
    assertThat(ContractSchemas.tree(resource).path("$id").asText())
        .isEqualTo("https://mnasnet.example/" + resource);
  }

  @Test
  void serializedImageEventsValidate() {
    assertThat(
            ContractSchemas.errors(
                SchemaResources.IMAGE_EVENT, CODEC.encodeJson(Examples.imageEvent())))
        .isEmpty();
    ImageEvent minimal = ImageEvent.of("a", ContentType.JPEG, new byte[] {1}, 0);
    assertThat(ContractSchemas.errors(SchemaResources.IMAGE_EVENT, CODEC.encodeJson(minimal)))
        .isEmpty();
  }

  @Test
  void jacksonWritesAnImageEventAsTheEnvelope() throws Exception {
    ImageEvent event = Examples.imageEvent();
    byte[] viaJackson = ContractSchemas.MAPPER.writeValueAsBytes(event);
    assertThat(ContractSchemas.MAPPER.readTree(viaJackson))
        .isEqualTo(ContractSchemas.MAPPER.readTree(CODEC.encodeJson(event)));
  }

  @Test
  void rawHeadersMatchTheirDescription() {
    RecordHeaders headers = new RecordHeaders();
    new ImageEventSerializer(ImageEventFormat.RAW).serialize("t", headers, Examples.imageEvent());
    ObjectNode asJson = ContractSchemas.MAPPER.createObjectNode();
    headers.forEach(
        h -> asJson.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(asJson.has("attr.label")).isTrue();
    assertThat(
            ContractSchemas.schemaAt(
                    "https://mnasnet.example/schemas/image-event.schema.json#/$defs/RawHeaders")
                .validate(asJson))
        .isEmpty();
  }

  @Test
  void serializedPredictionsValidate() {
    byte[] json = new PredictionSerde().serializer().serialize("t", Examples.prediction());
    assertThat(ContractSchemas.errors(SchemaResources.PREDICTION, json)).isEmpty();
  }

  @Test
  void aPredictionWithoutItsEngineValidates() {
    // what an app written before the engine was named sends, and what a ModelRef without it writes
    Prediction withoutEngine = PredictionTest.withModel(new Prediction.ModelRef("m", 2));
    byte[] json = new PredictionSerde().serializer().serialize("t", withoutEngine);
    assertThat(ContractSchemas.errors(SchemaResources.PREDICTION, json)).isEmpty();
  }

  @Test
  void serializedModelMetadataValidates() {
    byte[] json = JsonSerde.of(ModelMetadata.class).write(Examples.modelMetadata());
    assertThat(ContractSchemas.errors(SchemaResources.MODEL_METADATA, json)).isEmpty();
  }

  @Test
  void serializedModelMetadataWithOnnxExportValidates() {
    ModelMetadata withOnnx =
        Examples.modelMetadata()
            .withOnnx(new ModelMetadata.OnnxExport("model.onnx", 21, "0123456789abcdef".repeat(4)));
    byte[] json = JsonSerde.of(ModelMetadata.class).write(withOnnx);
    assertThat(ContractSchemas.errors(SchemaResources.MODEL_METADATA, json)).isEmpty();
    assertThat(JsonSerde.of(ModelMetadata.class).read("t", json)).isEqualTo(withOnnx);
    // without an export the field is left out, not written as null
    assertThat(new String(JsonSerde.of(ModelMetadata.class).write(Examples.modelMetadata())))
        .doesNotContain("onnx");
  }

  @Test
  void modelMetadataWithLineageValidatesAndReadsBack() {
    JsonSerde<ModelMetadata> serde = JsonSerde.of(ModelMetadata.class);
    ModelMetadata metadata = Examples.modelMetadataWithLineage();
    byte[] json = serde.write(metadata);
    assertThat(ContractSchemas.errors(SchemaResources.MODEL_METADATA, json)).isEmpty();
    assertThat(serde.read("t", json)).isEqualTo(metadata);
  }

  @Test
  void aSnapshotRangeWithANegativeOffsetIsRefused() throws Exception {
    JsonNode json =
        ContractSchemas.MAPPER.readTree(
            JsonSerde.of(ModelMetadata.class).write(Examples.modelMetadataWithLineage()));
    ((ObjectNode) json.at("/lineage/snapshot/partitions/0")).put("start", -1);
    assertThat(ContractSchemas.errors(SchemaResources.MODEL_METADATA, json)).isNotEmpty();
  }

  @Test
  void deadLetterHeadersValidate() {
    DeadLetterHeaders headers =
        DeadLetterHeaders.of(new InvalidImageEventException("bad 'data'"), Topics.IMAGES_IN, 2, 17);
    JsonNode json = ContractSchemas.MAPPER.valueToTree(headers.asMap());
    assertThat(ContractSchemas.errors(SchemaResources.DEAD_LETTER, json)).isEmpty();
  }

  static Stream<Arguments> invalidImageEvents() {
    return Stream.of(
        invalid("missing id", n -> n.remove("id")),
        invalid("empty id", n -> n.put("id", "")),
        invalid("missing data", n -> n.remove("data")),
        invalid("data not base64", n -> n.put("data", "not base64!")),
        invalid("bad content type", n -> n.put("contentType", "image/gif")),
        invalid("timestamp as string", n -> n.put("timestamp", "1700000000000")),
        invalid("negative timestamp", n -> n.put("timestamp", -1)),
        invalid("attribute not a string", n -> n.withObjectProperty("attributes").put("label", 9)),
        invalid("unknown field", n -> n.put("timestmp", 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidImageEvents")
  void schemaRejectsInvalidImageEvents(String name, Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode json =
        (ObjectNode) ContractSchemas.MAPPER.readTree(CODEC.encodeJson(Examples.imageEvent()));
    breakIt.accept(json);
    assertThat(ContractSchemas.errors(SchemaResources.IMAGE_EVENT, json)).isNotEmpty();
  }

  static Stream<Arguments> invalidPredictions() {
    return Stream.of(
        invalid("missing id", n -> n.remove("id")),
        invalid("missing model", n -> n.remove("model")),
        invalid("negative batch size", n -> n.put("batchSize", -1)),
        invalid("zero batch size", n -> n.put("batchSize", 0)),
        invalid("batch size as string", n -> n.put("batchSize", "8")),
        invalid("probability above 1", n -> topK(n).put("probability", 1.2)),
        invalid("negative probability", n -> topK(n).put("probability", -0.1)),
        invalid("label missing", n -> topK(n).remove("label")),
        invalid("empty topK", n -> n.putArray("topK")),
        invalid("model version 0", n -> n.withObjectProperty("model").put("version", 0)),
        invalid("unknown engine", n -> n.withObjectProperty("model").put("engine", "pytorch")),
        invalid("null engine", n -> n.withObjectProperty("model").putNull("engine")),
        invalid("negative offset", n -> n.withObjectProperty("source").put("offset", -5)),
        invalid(
            "negative inference time", n -> n.withObjectProperty("timings").put("inferenceMs", -1)),
        invalid("unknown field", n -> n.put("extra", true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPredictions")
  void schemaRejectsInvalidPredictions(String name, Consumer<ObjectNode> breakIt) {
    ObjectNode json = ContractSchemas.MAPPER.valueToTree(Examples.prediction());
    breakIt.accept(json);
    assertThat(ContractSchemas.errors(SchemaResources.PREDICTION, json)).isNotEmpty();
  }

  static Stream<Arguments> invalidModelMetadata() {
    return Stream.of(
        invalid("unknown architecture", n -> n.put("architecture", "resnet")),
        invalid("no labels", n -> n.putArray("labels")),
        invalid("zero width", n -> n.put("width", 0)),
        invalid(
            "two means",
            n -> n.withObjectProperty("preprocessing").withArrayProperty("mean").remove(0)),
        invalid(
            "unknown resize", n -> n.withObjectProperty("preprocessing").put("resize", "stretch")),
        invalid("missing signatures", n -> n.remove("signatures")),
        invalid("onnx without a hash", n -> n.withObjectProperty("onnx").put("file", "m.onnx")),
        invalid(
            "onnx hash not hex",
            n ->
                n.withObjectProperty("onnx")
                    .put("file", "model.onnx")
                    .put("opset", 21)
                    .put("sha256", "x".repeat(64))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidModelMetadata")
  void schemaRejectsInvalidModelMetadata(String name, Consumer<ObjectNode> breakIt) {
    ObjectNode json = ContractSchemas.MAPPER.valueToTree(Examples.modelMetadata());
    breakIt.accept(json);
    assertThat(ContractSchemas.errors(SchemaResources.MODEL_METADATA, json)).isNotEmpty();
  }

  static Stream<Arguments> invalidDeadLetters() {
    return Stream.of(
        invalid("missing exception", n -> n.remove(DeadLetterHeaders.EXCEPTION)),
        invalid("missing offset", n -> n.remove(DeadLetterHeaders.OFFSET)),
        invalid("partition not decimal", n -> n.put(DeadLetterHeaders.PARTITION, "two")),
        invalid("offset as number", n -> n.put(DeadLetterHeaders.OFFSET, 17)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDeadLetters")
  void schemaRejectsInvalidDeadLetters(String name, Consumer<ObjectNode> breakIt) {
    DeadLetterHeaders headers =
        DeadLetterHeaders.of(new IllegalStateException("boom"), Topics.IMAGES_IN, 0, 1);
    ObjectNode json = ContractSchemas.MAPPER.valueToTree(headers.asMap());
    breakIt.accept(json);
    assertThat(ContractSchemas.errors(SchemaResources.DEAD_LETTER, json)).isNotEmpty();
  }

  private static ObjectNode topK(ObjectNode prediction) {
    return (ObjectNode) prediction.withArrayProperty("topK").get(0);
  }

  private static Arguments invalid(String name, Consumer<ObjectNode> breakIt) {
    return Arguments.of(name, breakIt);
  }
}
