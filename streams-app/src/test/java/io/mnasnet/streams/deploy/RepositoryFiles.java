package io.mnasnet.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Files of the repository the deploy tests check: the manifests themselves and the sources they
 * must agree with. Tests run with their module (e.g. {@code streams-app/}) as the working directory
 * (surefire's default); the repository root is found by walking up to the directory holding {@code
 * docker-compose.yml}.
 */
public final class RepositoryFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private RepositoryFiles() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("docker-compose.yml"))
          && Files.isDirectory(candidate.resolve("deploy"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no docker-compose.yml + deploy/ above " + dir + ": run the tests from the repository");
  }

  public static Path file(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException("missing " + path);
    }
    return path;
  }

  public static String text(String relative) {
    try {
      return Files.readString(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a file (--- separated), empty ones left out. */
  static List<JsonNode> yamlDocuments(Path path) {
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(path.toFile())) {
      return documents.readAll().stream().filter(node -> node != null && !node.isNull()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + path, e);
    }
  }

  static List<JsonNode> yamlDocuments(String yaml) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      return documents.readAll().stream().filter(node -> node != null && !node.isNull()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode yaml(String relative) {
    List<JsonNode> documents = yamlDocuments(file(relative));
    if (documents.size() != 1) {
      throw new IllegalStateException(relative + " holds " + documents.size() + " documents");
    }
    return documents.get(0);
  }

  static JsonNode json(String relative) {
    try {
      return JSON.readTree(file(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + relative, e);
    }
  }
}
