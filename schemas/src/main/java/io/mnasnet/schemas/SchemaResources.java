package io.mnasnet.schemas;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Classpath locations of the JSON Schema files, the source of truth of the event contract (draft
 * 2020-12). The Java records mirror them; a test keeps the two in step.
 */
public final class SchemaResources {
  public static final String IMAGE_EVENT = "schemas/image-event.schema.json";
  public static final String PREDICTION = "schemas/prediction.schema.json";
  public static final String DEAD_LETTER = "schemas/dead-letter.schema.json";
  public static final String MODEL_METADATA = "schemas/model-metadata.schema.json";

  public static final List<String> ALL =
      List.of(IMAGE_EVENT, PREDICTION, DEAD_LETTER, MODEL_METADATA);

  private SchemaResources() {}

  /**
   * Opens a schema file from the classpath; the caller closes the stream.
   *
   * @param resource one of the constants of this class
   */
  public static InputStream open(String resource) {
    InputStream in = SchemaResources.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new UncheckedIOException(
          new FileNotFoundException("schema resource not on the classpath: " + resource));
    }
    return in;
  }
}
