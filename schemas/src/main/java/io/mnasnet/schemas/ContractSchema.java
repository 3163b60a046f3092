package io.mnasnet.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the contract's JSON Schemas ({@link SchemaResources}), for a reader to check what it read:
 * the schema files are the source of truth, so a reader that validates against them accepts exactly
 * what the contract allows, without a hand-written copy of its rules to keep in step. Thread-safe;
 * each schema is loaded once.
 */
public final class ContractSchema {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix("https://mnasnet.example/", "classpath:")));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private static final Map<String, ContractSchema> LOADED = new ConcurrentHashMap<>();

  private final JsonSchema schema;

  private ContractSchema(String resource) {
    this.schema =
        FACTORY.getSchema(SchemaLocation.of("https://mnasnet.example/" + resource), CONFIG);
  }

  /** The schema {@code resource}, one of the constants of {@link SchemaResources}. */
  public static ContractSchema of(String resource) {
    return LOADED.computeIfAbsent(resource, ContractSchema::new);
  }

  /**
   * What makes {@code json} invalid, one message per violation naming its location (e.g. {@code
   * /preprocessing/std/0: must have an exclusive minimum value of 0}); empty if it is valid.
   */
  public List<String> violations(JsonNode json) {
    return schema.validate(json).stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
