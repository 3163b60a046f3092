package io.mnasnet.streams.deploy;

import io.mnasnet.streams.config.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manifests must agree with, read from the streaming app and the image rather than copied:
 * the settings ({@link Setting}), the HTTP paths its operations server serves, and the variables
 * the image's scripts read.
 */
final class StreamingAppFacts {
  static final String OPERATIONS_SERVER =
      "streams-app/src/main/java/io/mnasnet/streams/ops/OperationsHttpServer.java";
  static final String HEALTH_ROUTES =
      "streams-app/src/main/java/io/mnasnet/streams/ops/HealthRoutes.java";
  static final String IMAGE_SCRIPTS = "deploy/image/usr/local/bin/";
  static final String ENTRYPOINT = IMAGE_SCRIPTS + "mnasnet-entrypoint";
  static final String HEALTHCHECK = IMAGE_SCRIPTS + "mnasnet-healthcheck";

  private static final Pattern CONTEXT = Pattern.compile("createContext\\(\\s*\"([^\"]+)\"");
  private static final Pattern SCRIPT_VARIABLE = Pattern.compile("\\$\\{(MNASNET_[A-Z0-9_]+)");

  private StreamingAppFacts() {}

  /** Paths the app's HTTP endpoint serves ({@code /metrics}, {@code /health/live}, ...). */
  static Set<String> httpPaths() {
    Set<String> paths = new TreeSet<>();
    for (String source : List.of(OPERATIONS_SERVER, HEALTH_ROUTES)) {
      Matcher matcher = CONTEXT.matcher(RepositoryFiles.text(source));
      while (matcher.find()) {
        paths.add(matcher.group(1));
      }
    }
    return paths;
  }

  /** Paths of the probes' own listener ({@code health.port}). */
  static Set<String> healthPaths() {
    Set<String> paths = new TreeSet<>();
    Matcher matcher = CONTEXT.matcher(RepositoryFiles.text(HEALTH_ROUTES));
    while (matcher.find()) {
      paths.add(matcher.group(1));
    }
    return paths;
  }

  static int defaultMetricsPort() {
    return Integer.parseInt(Setting.METRICS_PORT.defaultValue().orElseThrow());
  }

  static long defaultShutdownTimeoutMs() {
    return Long.parseLong(Setting.SHUTDOWN_TIMEOUT_MS.defaultValue().orElseThrow());
  }

  /** The {@code MNASNET_*} variables the image's entrypoint and healthcheck scripts read. */
  static Set<String> imageScriptVariables() {
    Set<String> names = new TreeSet<>();
    for (String script : new String[] {ENTRYPOINT, HEALTHCHECK}) {
      Matcher matcher = SCRIPT_VARIABLE.matcher(RepositoryFiles.text(script));
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /**
   * Whether an {@code MNASNET_*} variable means something: a setting, a Kafka client setting passed
   * through, or a variable of the image's scripts. A typo would otherwise be ignored.
   */
  static boolean isKnownVariable(String name) {
    return Arrays.stream(Setting.values()).anyMatch(s -> s.envName().equals(name))
        || name.startsWith(Setting.envName(Setting.KAFKA_PREFIX))
        || imageScriptVariables().contains(name);
  }

  /** Whether a key of a properties file given to {@code mnasnet run --config} is a setting. */
  static boolean isKnownKey(String key) {
    return Setting.forKey(key).isPresent() || key.startsWith(Setting.KAFKA_PREFIX);
  }

  /** A setting's value: from {@code properties} if there, else its default. */
  static String value(Setting setting, Properties properties) {
    String value = properties.getProperty(setting.key());
    return value != null ? value : setting.defaultValue().orElse(null);
  }
}
