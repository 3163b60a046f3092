package io.mnasnet.trainer.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The content of a safetensors file: its tensors by name (in header order) and its optional {@code
 * __metadata__} strings. Immutable.
 *
 * @param source where it was read from (a file name), for messages
 * @param tensors the tensors by name, unmodifiable
 * @param metadata the {@code __metadata__} map, unmodifiable, empty when absent
 */
public record SafetensorsFile(
    String source, Map<String, SafeTensor> tensors, Map<String, String> metadata) {

  public SafetensorsFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Map.copyOf(metadata);
  }

  /** Number of tensors. */
  public int size() {
    return tensors.size();
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * The tensor called {@code name}.
   *
   * @throws NoSuchElementException naming the file and the missing tensor
   */
  public SafeTensor require(String name) {
    SafeTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new NoSuchElementException(
          "%s has no tensor '%s' (it has %d tensors)".formatted(source, name, tensors.size()));
    }
    return tensor;
  }
}
