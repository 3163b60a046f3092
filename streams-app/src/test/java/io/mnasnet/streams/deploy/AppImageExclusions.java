package io.mnasnet.streams.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the streaming app's image must never hold again: the trainer, the in-process broker
 * (kafka-local, the broker's {@code kafka_2.13} and its other server jars, Scala), the launcher of
 * the tools, the benchmarks and their charts (JFreeChart). Judged by artifact id, so that the same
 * rule applies to Maven's dependency list and to the jar names in the image's layers.
 */
public final class AppImageExclusions {
  private static final Set<String> TOOLING_MODULES =
      Set.of("trainer", "kafka-local", "cli", "mnasnet-cli", "bench", "mnasnet-bench");
  // Kafka Streams needs only these two; every other org.apache.kafka jar is the broker's
  private static final Set<String> KAFKA_CLIENT_JARS = Set.of("kafka-clients", "kafka-streams");
  private static final Pattern SCALA_BUILD = Pattern.compile(".*_2\\.1[0-3]$");
  private static final Pattern VERSIONED_JAR = Pattern.compile("^(.*?)-\\d.*\\.jar$");

  private AppImageExclusions() {}

  /** Why the artifact has no place in the app's image, or empty when it may be there. */
  public static Optional<String> whyExcluded(String artifactId) {
    if (TOOLING_MODULES.contains(artifactId)) {
      return Optional.of("a module of the tools, not of the streaming app");
    }
    if (SCALA_BUILD.matcher(artifactId).matches() || artifactId.startsWith("scala-")) {
      return Optional.of("Scala (the broker's runtime)");
    }
    if (artifactId.startsWith("kafka") && !KAFKA_CLIENT_JARS.contains(artifactId)) {
      return Optional.of("Kafka's broker/server side (only kafka-clients and kafka-streams)");
    }
    if (artifactId.startsWith("jfreechart")) {
      return Optional.of("charts of the benchmarks' reports");
    }
    return Optional.empty();
  }

  /** The artifact ids among {@code artifactIds} that must not be there, with the reason. */
  public static List<String> violations(Collection<String> artifactIds) {
    List<String> violations = new ArrayList<>();
    for (String artifactId : artifactIds) {
      whyExcluded(artifactId).ifPresent(why -> violations.add(artifactId + ": " + why));
    }
    return violations;
  }

  /**
   * The artifact id of a jar as Jib names it in {@code /app/libs}: {@code kafka_2.13-4.4.0.jar} ->
   * {@code kafka_2.13}, {@code tensorflow-core-native-1.1.0-linux-x86_64.jar} -> {@code
   * tensorflow-core-native}.
   */
  public static String artifactIdOfJar(String fileName) {
    Matcher versioned = VERSIONED_JAR.matcher(fileName);
    if (versioned.matches()) {
      return versioned.group(1);
    }
    return fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }
}
