package io.mnasnet.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.schemas.SchemaResources;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EngineTest {

  /**
   * Predictions name the engine that computed them ({@code model.engine}); the contract lists the
   * names, so a new engine must be added to the schema before an app writes its name.
   */
  @Test
  void theEnginesAreTheOnesThePredictionContractNames() throws IOException {
    JsonNode schema;
    try (InputStream in = SchemaResources.open(SchemaResources.PREDICTION)) {
      schema = new ObjectMapper().readTree(in);
    }
    Set<String> named = new TreeSet<>();
    schema.at("/$defs/ModelRef/properties/engine/enum").forEach(v -> named.add(v.asText()));
    Set<String> ids = new TreeSet<>();
    Arrays.stream(Engine.values()).map(Engine::id).forEach(ids::add);
    assertThat(named).isNotEmpty().isEqualTo(ids);
  }

  @Test
  void theIdIsWhatUsersWrite() {
    for (Engine engine : Engine.values()) {
      assertThat(EngineChoice.parse(engine.id()).id()).isEqualTo(engine.id());
    }
  }
}
