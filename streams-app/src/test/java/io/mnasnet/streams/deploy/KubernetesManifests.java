package io.mnasnet.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** The manifests under {@code deploy/kubernetes/}, parsed, with lookups by kind. */
final class KubernetesManifests {
  static final String BASE = "deploy/kubernetes/base";
  static final String GPU_OVERLAY = "deploy/kubernetes/overlays/gpu";

  private final List<JsonNode> documents;

  KubernetesManifests(List<JsonNode> documents) {
    this.documents = List.copyOf(documents);
  }

  /** The base's resources, as files (before kustomize). */
  static KubernetesManifests base() {
    List<JsonNode> documents = new ArrayList<>();
    for (String resource : resourceFiles(BASE)) {
      documents.addAll(RepositoryFiles.yamlDocuments(RepositoryFiles.file(BASE + "/" + resource)));
    }
    return new KubernetesManifests(documents);
  }

  /** Every YAML file under {@code dir}, by path relative to the repository. */
  static Map<String, List<JsonNode>> allYamlFiles(String dir) {
    Map<String, List<JsonNode>> files = new LinkedHashMap<>();
    Path root = RepositoryFiles.root();
    try (Stream<Path> paths = Files.walk(RepositoryFiles.file(dir))) {
      paths
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .forEach(p -> files.put(root.relativize(p).toString(), RepositoryFiles.yamlDocuments(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static JsonNode kustomization(String dir) {
    return RepositoryFiles.yaml(dir + "/kustomization.yaml");
  }

  static List<String> resourceFiles(String dir) {
    List<String> resources = new ArrayList<>();
    kustomization(dir).path("resources").forEach(r -> resources.add(r.asText()));
    return resources;
  }

  /** The app properties the base's ConfigMap is generated from. */
  static Properties appProperties() {
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(RepositoryFiles.file(BASE + "/mnasnet.properties"))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  List<JsonNode> documents() {
    return documents;
  }

  JsonNode only(String kind) {
    List<JsonNode> matches =
        documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + matches.size());
    }
    return matches.get(0);
  }

  JsonNode deployment() {
    return only("Deployment");
  }

  JsonNode podSpec() {
    return deployment().path("spec").path("template").path("spec");
  }

  /** The classifier container (the Deployment's only one). */
  JsonNode container() {
    JsonNode containers = podSpec().path("containers");
    if (containers.size() != 1) {
      throw new AssertionError("expected one container, found " + containers.size());
    }
    return containers.get(0);
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
