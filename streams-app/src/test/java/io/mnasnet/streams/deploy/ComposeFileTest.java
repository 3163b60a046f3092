package io.mnasnet.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mnasnet.streams.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml}: valid for Compose, and consistent with the images Jib builds (the
 * classifier runs {@code mnasnet-app}, the demo producer {@code mnasnet-tools}), the streaming
 * app's settings and the topics it reads and writes.
 */
class ComposeFileTest {
  private static final Pattern VARIABLE_WITH_DEFAULT = Pattern.compile("\\$\\{\\w+:-([^}]*)}");
  private static final Pattern CREATE_TOPIC = Pattern.compile("(?m)^\\s*create (\\S+) (\\d+)\\s*$");

  private final JsonNode compose = RepositoryFiles.yaml("docker-compose.yml");
  private final JsonNode classifier = service("classifier");
  private final Map<String, String> classifierEnv = environment(classifier);

  @Test
  void composeAcceptsTheFile() throws Exception {
    ExternalTool dockerCompose = ExternalTool.find("docker-compose");
    assumeTrue(dockerCompose != null, "docker-compose is not installed");
    ExternalTool.Result result = dockerCompose.run("-f", "docker-compose.yml", "config", "-q");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void classifierRunsTheAppImage() {
    assertRunsImageOf(classifier, JibImageConfiguration.APP_MODULE);
    assertThat(strings(classifier.path("command"))).first().isEqualTo("run");
  }

  @Test
  void classifierEnvironmentNamesRealSettings() {
    assertThat(classifierEnv).isNotEmpty();
    for (String name : classifierEnv.keySet()) {
      assertThat(StreamingAppFacts.isKnownVariable(name))
          .as(name + " is a setting's variable (MNASNET_<KEY>, see Setting)")
          .isTrue();
    }
    assertThat(classifierEnv)
        .containsKeys(
            Setting.BOOTSTRAP_SERVERS.envName(),
            Setting.MODEL_DIR.envName(),
            Setting.METRICS_PORT.envName());
  }

  @Test
  void metricsPortIsPublishedAndHealthChecked() {
    String port =
        classifierEnv.getOrDefault(
            Setting.METRICS_PORT.envName(), String.valueOf(StreamingAppFacts.defaultMetricsPort()));
    List<String> ports = strings(classifier.path("ports"));
    assertThat(ports).anySatisfy(mapping -> assertThat(mapping).endsWith(":" + port));

    List<String> healthcheck = strings(classifier.path("healthcheck").path("test"));
    assertThat(healthcheck).contains("/usr/local/bin/mnasnet-healthcheck");
    assertThat(healthcheck.get(healthcheck.size() - 1))
        .isEqualTo("/health/ready")
        .isIn(StreamingAppFacts.httpPaths());
    // the script reads the ports from the same variables as the app: the probes' own listener
    assertThat(RepositoryFiles.text(StreamingAppFacts.HEALTHCHECK))
        .contains(Setting.HEALTH_PORT.envName())
        .contains(Setting.METRICS_PORT.envName());
    assertThat(classifierEnv.get(Setting.HEALTH_PORT.envName())).isEqualTo("9401");
  }

  @Test
  void theWebViewIsOnHereBecauseItsPortIsPublishedOnLoopbackOnly() {
    assertThat(classifierEnv.get(Setting.WEB_VIEW.envName())).isEqualTo("true");
    String port =
        classifierEnv.getOrDefault(
            Setting.METRICS_PORT.envName(), String.valueOf(StreamingAppFacts.defaultMetricsPort()));
    assertThat(strings(classifier.path("ports")))
        .allSatisfy(mapping -> assertThat(mapping).startsWith("127.0.0.1:"))
        .contains("127.0.0.1:" + port + ":" + port);
  }

  @Test
  void modelDirectoryIsOnTheMountedModelVolume() {
    String modelDir = classifierEnv.get(Setting.MODEL_DIR.envName());
    assertThat(modelDir).isEqualTo("/models/fashion-mnist/mnasnet0_5");
    assertThat(strings(classifier.path("volumes"))).contains("./models:/models:ro");
  }

  @Test
  void classifierStartsAfterItsTopicsAndStopsGracefully() {
    JsonNode dependsOn = classifier.path("depends_on");
    assertThat(dependsOn.path("kafka").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(dependsOn.path("topics").path("condition").asText())
        .isEqualTo("service_completed_successfully");

    long shutdownMs =
        Long.parseLong(
            classifierEnv.getOrDefault(
                Setting.SHUTDOWN_TIMEOUT_MS.envName(),
                String.valueOf(StreamingAppFacts.defaultShutdownTimeoutMs())));
    String grace = classifier.path("stop_grace_period").asText();
    assertThat(grace).endsWith("s");
    assertThat(Long.parseLong(grace.substring(0, grace.length() - 1)) * 1000)
        .isGreaterThan(shutdownMs);
  }

  @Test
  void topicsServiceCreatesTheTopicsTheClassifierUses() {
    Map<String, Integer> created = new LinkedHashMap<>();
    Matcher matcher =
        CREATE_TOPIC.matcher(String.join("\n", strings(service("topics").path("command"))));
    while (matcher.find()) {
      created.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
    }
    for (Setting topic : List.of(Setting.INPUT_TOPIC, Setting.OUTPUT_TOPIC, Setting.DLQ_TOPIC)) {
      String name = classifierEnv.getOrDefault(topic.envName(), topic.defaultValue().orElseThrow());
      assertThat(created).containsKey(name);
    }
    assertThat(created.get(classifierEnv.get(Setting.INPUT_TOPIC.envName()))).isEqualTo(4);
  }

  @Test
  void brokerIsSingleNodeKraftReadyForExactlyOnce() {
    JsonNode kafka = service("kafka");
    ImageReference image = ImageReference.parse(withDefaults(kafka.path("image").asText()));
    assertThat(image.repository()).isEqualTo("apache/kafka");
    assertThat(image.tag()).isEqualTo(rootPomProperty("kafka.version"));
    Map<String, String> env = environment(kafka);
    assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    // InitProducerId times out on one broker unless the transaction log fits on it
    assertThat(env)
        .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    // the classifier's bootstrap address is one of the broker's advertised listeners
    String bootstrap = classifierEnv.get(Setting.BOOTSTRAP_SERVERS.envName());
    assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap);
  }

  @Test
  void producerSendsFashionMnistToTheInputTopic() {
    JsonNode producer = service("producer");
    // `produce` is a tool: the app image does not have it
    assertRunsImageOf(producer, JibImageConfiguration.TOOLS_MODULE);
    List<String> command = strings(producer.path("command"));
    assertThat(command).first().isEqualTo("produce");
    assertThat(command).contains("--fashion-mnist", "--rate", "50");
    assertThat(command.get(command.indexOf("--topic") + 1))
        .isEqualTo(classifierEnv.get(Setting.INPUT_TOPIC.envName()));
    assertThat(command.get(command.indexOf("--bootstrap-servers") + 1))
        .isEqualTo(classifierEnv.get(Setting.BOOTSTRAP_SERVERS.envName()));
    assertThat(producer.path("depends_on").path("classifier").path("condition").asText())
        .isEqualTo("service_healthy");
  }

  /** The service runs the image Jib builds from {@code module}, at one of its tags. */
  private static void assertRunsImageOf(JsonNode service, String module) {
    JibImageConfiguration jib = JibImageConfiguration.cpu(module);
    ImageReference image = ImageReference.parse(withDefaults(service.path("image").asText()));
    assertThat(image.repository()).isEqualTo(jib.image().repository());
    assertThat(image.tag()).isIn(jib.image().tag(), jib.additionalTags().get(0));
  }

  private JsonNode service(String name) {
    JsonNode service = compose.path("services").path(name);
    assertThat(service.isObject()).as("service " + name).isTrue();
    return service;
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    service
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    }
    node.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** {@code ${VAR:-default}} as Compose resolves it when VAR is unset. */
  private static String withDefaults(String value) {
    return VARIABLE_WITH_DEFAULT
        .matcher(value)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
  }

  private static String rootPomProperty(String name) {
    Matcher matcher =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
            .matcher(RepositoryFiles.text("pom.xml"));
    assertThat(matcher.find()).as(name + " in pom.xml").isTrue();
    return matcher.group(1).trim();
  }
}
