package io.mnasnet.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Loads the contract's schema files from the classpath and validates JSON against them. */
final class ContractSchemas {
  static final ObjectMapper MAPPER = ObjectMapperFactory.create();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final JsonSchemaFactory BY_ID =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix("https://mnasnet.example/", "classpath:")));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private ContractSchemas() {}

  static JsonNode tree(String resource) {
    try (InputStream in = SchemaResources.open(resource)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonSchema schema(String resource) {
    return FACTORY.getSchema(tree(resource), CONFIG);
  }

  /** The validation errors of {@code json} against {@code resource}, as sorted messages. */
  /**
   * The (sub)schema at {@code uri}; our {@code $id}s resolve to the classpath, which proves they
   * and the {@code $ref}s inside the files are consistent.
   */
  static JsonSchema schemaAt(String uri) {
    return BY_ID.getSchema(SchemaLocation.of(uri), CONFIG);
  }

  static Set<String> errors(String resource, JsonNode json) {
    return schema(resource).validate(json).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> errors(String resource, byte[] json) {
    try {
      return errors(resource, MAPPER.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Errors of a schema file against the draft 2020-12 meta-schema (bundled with the validator). */
  static Set<String> metaSchemaErrors(String resource) {
    JsonSchema meta =
        FACTORY.getSchema(java.net.URI.create("https://json-schema.org/draft/2020-12/schema"));
    return meta.validate(tree(resource)).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
