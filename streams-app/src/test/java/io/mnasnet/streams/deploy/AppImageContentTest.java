package io.mnasnet.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What Jib packs into the dependency layers of {@code mnasnet-app}: this module's runtime class
 * path (compile + runtime scopes), which {@code maven-dependency-plugin:list} writes to {@code
 * target/image-dependencies.txt} before the tests run. The app image holds the app and its runtime
 * only; a dependency that drags the trainer, the broker or the tools back in fails here, in every
 * {@code mvn verify}, without building the image. ({@code AppImageTarballIT} checks the same in a
 * built image's layers.)
 */
class AppImageContentTest {
  private static final Path DEPENDENCY_LIST = Path.of("target", "image-dependencies.txt");
  // "   group:artifact:type[:classifier]:version:scope -- module ..."
  private static final Pattern COORDINATES =
      Pattern.compile("^\\s+([\\w.\\-]+):([\\w.\\-]+):(\\w+):(?:([\\w.\\-]+):)?[^:\\s]+:(\\w+)");

  private final List<Dependency> dependencies = readDependencyList();

  record Dependency(String groupId, String artifactId, String classifier, String scope) {}

  @Test
  void holdsNoTrainerBrokerToolsBenchmarksScalaOrCharts() {
    List<String> artifactIds = dependencies.stream().map(Dependency::artifactId).toList();
    assertThat(AppImageExclusions.violations(artifactIds))
        .as("runtime dependencies of streams-app (= the jars of the mnasnet-app image)")
        .isEmpty();
    assertThat(dependencies)
        .noneMatch(d -> d.groupId().startsWith("org.scala-lang"))
        .noneMatch(d -> d.groupId().equals("org.jfree"));
  }

  @Test
  void holdsWhatTheAppNeedsToRun() {
    // guards the test above against an empty or misread list
    assertThat(dependencies.stream().map(d -> d.groupId() + ":" + d.artifactId()))
        .contains(
            "io.mnasnet:schemas",
            "io.mnasnet:inference",
            "org.apache.kafka:kafka-streams",
            "org.apache.kafka:kafka-clients",
            "org.tensorflow:tensorflow-core-api",
            "io.micrometer:micrometer-registry-prometheus",
            "info.picocli:picocli",
            "ch.qos.logback:logback-classic");
    assertThat(dependencies)
        .as("TensorFlow's native library, CPU or (-Pgpu) CUDA build")
        .anyMatch(
            d ->
                d.artifactId().equals("tensorflow-core-native")
                    && d.classifier() != null
                    && d.classifier().startsWith("linux-x86_64"));
    assertThat(dependencies)
        .allMatch(d -> d.scope().equals("compile") || d.scope().equals("runtime"));
  }

  private static List<Dependency> readDependencyList() {
    List<String> lines;
    try {
      lines = Files.readAllLines(DEPENDENCY_LIST);
    } catch (IOException e) {
      throw new IllegalStateException(
          DEPENDENCY_LIST.toAbsolutePath()
              + " is missing: maven-dependency-plugin writes it at generate-test-resources; run"
              + " the test through Maven (mvn -pl streams-app -am test -Dtest=AppImageContentTest)",
          e);
    }
    List<Dependency> parsed = new ArrayList<>();
    for (String line : lines) {
      Matcher matcher = COORDINATES.matcher(line);
      if (matcher.find()) {
        parsed.add(
            new Dependency(matcher.group(1), matcher.group(2), matcher.group(4), matcher.group(5)));
      }
    }
    return parsed;
  }
}
