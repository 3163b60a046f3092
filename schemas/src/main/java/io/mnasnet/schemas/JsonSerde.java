package io.mnasnet.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde writing and reading a record type as JSON with the contract's {@link
 * ObjectMapperFactory mapper}. {@code null} maps to {@code null} (tombstones); anything unreadable,
 * including a value the record's constructor rejects, is a {@link SerializationException} whose
 * message names the field.
 *
 * @param <T> the record type, e.g. {@link Prediction}
 */
public class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;
  private final ObjectMapper mapper = ObjectMapperFactory.create();

  public JsonSerde(Class<T> type) {
    this.type = Checks.required(type, "type");
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> write(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> read(topic, data);
  }

  /** The JSON bytes of {@code value} ({@code null} for {@code null}). */
  public byte[] write(T value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new SerializationException(
          "cannot write " + type.getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The value in {@code data} ({@code null} for {@code null}); {@code topic} is for messages. */
  public T read(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.readValue(data, type);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot read " + type.getSimpleName() + " from topic '" + topic + "': " + e.getMessage(),
          e);
    }
  }
}
