package io.mnasnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Java records and the schema files cannot drift apart: each record's JSON properties (as
 * Jackson names them) are exactly the schema's properties, every component the record requires is
 * required by the schema and the optional ones are not. Nested records are checked against the
 * {@code $defs} entry of the same name.
 */
class RecordSchemaAgreementTest {

  /** Components that may be absent (null or empty) in JSON; all others are required. */
  private static final Map<Class<?>, Set<String>> OPTIONAL =
      Map.of(
          ImageEvent.class,
          Set.of("source", "attributes"),
          Prediction.class,
          Set.of("trueLabel"),
          Prediction.ModelRef.class,
          Set.of("engine"),
          ModelMetadata.class,
          Set.of("onnx", "lineage"),
          ModelLineage.class,
          Set.of("parent", "snapshot"),
          ModelLineage.StreamSnapshot.class,
          Set.of("group"));

  static final List<String> SCHEMAS = SchemaResources.ALL;

  @Test
  void imageEventAgrees() {
    assertAgrees(ImageEvent.class, SchemaResources.IMAGE_EVENT);
  }

  @Test
  void predictionAgrees() {
    assertAgrees(Prediction.class, SchemaResources.PREDICTION);
  }

  @Test
  void modelMetadataAgrees() {
    assertAgrees(ModelMetadata.class, SchemaResources.MODEL_METADATA);
  }

  @Test
  void deadLetterHeadersAgree() {
    JsonNode schema = ContractSchemas.tree(SchemaResources.DEAD_LETTER);
    assertThat(names(schema.path("properties"))).isEqualTo(new TreeSet<>(DeadLetterHeaders.NAMES));
    Set<String> required = new TreeSet<>(DeadLetterHeaders.NAMES);
    required.removeAll(Set.of(DeadLetterHeaders.TOPIC, DeadLetterHeaders.STACKTRACE));
    assertThat(values(schema.path("required"))).isEqualTo(required);
  }

  @Test
  void rawImageHeadersAgree() {
    JsonNode raw = ContractSchemas.tree(SchemaResources.IMAGE_EVENT).at("/$defs/RawHeaders");
    assertThat(names(raw.path("properties")))
        .containsExactlyInAnyOrder(ImageEventHeaders.CONTENT_TYPE, ImageEventHeaders.SOURCE);
    assertThat(names(raw.path("patternProperties")))
        .singleElement()
        .asString()
        .startsWith("^" + ImageEventHeaders.ATTRIBUTE_PREFIX.replace(".", "\\."));
    assertThat(values(raw.at("/properties/content-type/enum")))
        .isEqualTo(new TreeSet<>(ContentType.SUPPORTED));
    assertThat(
            values(
                ContractSchemas.tree(SchemaResources.IMAGE_EVENT)
                    .at("/properties/contentType/enum")))
        .isEqualTo(new TreeSet<>(ContentType.SUPPORTED));
  }

  @ParameterizedTest
  @FieldSource("SCHEMAS")
  void everyPropertyHasADescription(String resource) {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(ContractSchemas.tree(resource), "", undescribed);
    assertThat(undescribed).as("properties without description in " + resource).isEmpty();
    assertThat(ContractSchemas.tree(resource).path("description").asText()).isNotBlank();
  }

  private static void assertAgrees(Class<?> record, String resource) {
    JsonNode root = ContractSchemas.tree(resource);
    assertAgrees(record, root, root, new HashSet<>());
  }

  private static void assertAgrees(
      Class<?> record, JsonNode schema, JsonNode root, Set<Class<?>> seen) {
    if (!seen.add(record)) {
      return;
    }
    String where = record.getSimpleName();
    assertThat(schema.isMissingNode()).as("schema of " + where).isFalse();
    assertThat(names(schema.path("properties")))
        .as("JSON properties of " + where)
        .isEqualTo(jsonPropertyNames(record));

    Set<String> required = new TreeSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String json = jsonName(record, component.getName());
      if (!OPTIONAL.getOrDefault(record, Set.of()).contains(component.getName())) {
        required.add(json);
      }
      Class<?> nested = nestedRecord(component.getGenericType());
      if (nested != null) {
        JsonNode property = schema.path("properties").path(json);
        JsonNode target = property.has("items") ? property.path("items") : property;
        assertThat(target.path("$ref").asText())
            .as("$ref of " + where + "." + json)
            .isEqualTo("#/$defs/" + nested.getSimpleName());
        assertAgrees(nested, root.path("$defs").path(nested.getSimpleName()), root, seen);
      }
    }
    assertThat(values(schema.path("required"))).as("required of " + where).isEqualTo(required);
  }

  private static Set<String> jsonPropertyNames(Class<?> type) {
    Set<String> names = new TreeSet<>();
    for (BeanPropertyDefinition property : properties(type)) {
      names.add(property.getName());
    }
    return names;
  }

  private static String jsonName(Class<?> type, String component) {
    for (BeanPropertyDefinition property : properties(type)) {
      if (property.getInternalName().equals(component)) {
        return property.getName();
      }
    }
    throw new AssertionError(type.getSimpleName() + "." + component + " is not a JSON property");
  }

  private static List<BeanPropertyDefinition> properties(Class<?> type) {
    JavaType javaType = ContractSchemas.MAPPER.constructType(type);
    return ContractSchemas.MAPPER.getSerializationConfig().introspect(javaType).findProperties();
  }

  /** The record type of a component, or of the elements of a List component; else null. */
  private static Class<?> nestedRecord(Type type) {
    if (type instanceof Class<?> c && c.isRecord()) {
      return c;
    }
    if (type instanceof ParameterizedType p
        && p.getRawType() == List.class
        && p.getActualTypeArguments()[0] instanceof Class<?> element
        && element.isRecord()) {
      return element;
    }
    return null;
  }

  private static void collectUndescribed(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      for (String container : List.of("properties", "patternProperties", "$defs")) {
        node.path(container)
            .properties()
            .forEach(
                entry -> {
                  if (!entry.getValue().hasNonNull("description")) {
                    out.add(path + "/" + container + "/" + entry.getKey());
                  }
                });
      }
      node.properties()
          .forEach(entry -> collectUndescribed(entry.getValue(), path + "/" + entry.getKey(), out));
    } else if (node.isArray()) {
      node.forEach(child -> collectUndescribed(child, path + "[]", out));
    }
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> values(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
