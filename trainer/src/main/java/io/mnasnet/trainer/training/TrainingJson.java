package io.mnasnet.trainer.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The Jackson configuration of the run directory's JSON files, and atomic writes. */
final class TrainingJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // paths as plain strings, not file:// URIs
          .addModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance))
          .build();

  private TrainingJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes {@code value} to {@code file} through a temporary file, so readers never see half. */
  static void write(Path file, Object value) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    MAPPER.writeValue(temporary.toFile(), value);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    try {
      return MAPPER.readValue(file.toFile(), type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(
          file + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
