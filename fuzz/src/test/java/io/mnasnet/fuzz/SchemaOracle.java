package io.mnasnet.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The contract's JSON Schema as an oracle: what a reader accepted, written back, must be valid
 * against the schema it claims to read, or the reader let through something the contract forbids
 * (and that its consumers were never written to handle).
 */
public final class SchemaOracle {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix("https://mnasnet.example/", "classpath:")));

  private final String resource;
  private final JsonSchema schema;

  private SchemaOracle(String resource) {
    this.resource = resource;
    this.schema =
        FACTORY.getSchema(
            SchemaLocation.of("https://mnasnet.example/" + resource),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
  }

  /** The oracle of a schema of {@link io.mnasnet.schemas.SchemaResources}. */
  public static SchemaOracle of(String resource) {
    return new SchemaOracle(resource);
  }

  /**
   * @throws AssertionError listing the violations if {@code json} is not valid
   */
  public void assertValid(byte[] json, String what) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> errors =
        schema.validate(tree).stream().map(ValidationMessage::getMessage).toList();
    if (!errors.isEmpty()) {
      throw new AssertionError(
          what + " accepted but not valid against " + resource + ": " + errors);
    }
  }
}
