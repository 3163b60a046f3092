package io.mnasnet.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Creates the Jackson {@link ObjectMapper} every part of the pipeline uses for contract JSON, so
 * all of them read and write it the same way. Each call returns a new mapper: callers keep their
 * own (a mapper is thread-safe once configured) and nobody shares mutable state.
 *
 * <p>Readers are strict about types (a string is not a number, {@code 1.5} is not an int, a missing
 * primitive is an error rather than 0) and tolerant of unknown properties, so a newer producer that
 * adds a field does not break an older consumer.
 */
public final class ObjectMapperFactory {
  private ObjectMapperFactory() {}

  public static ObjectMapper create() {
    return JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
