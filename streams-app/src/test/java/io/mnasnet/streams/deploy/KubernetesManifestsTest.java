package io.mnasnet.streams.deploy;

import static io.mnasnet.streams.deploy.KubernetesManifests.stringMap;
import static io.mnasnet.streams.deploy.KubernetesManifests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mnasnet.streams.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes base under {@code deploy/kubernetes/base}: every manifest parses, and the fields
 * that make the classifier work agree with the image, the app's settings and its HTTP endpoint.
 */
class KubernetesManifestsTest {
  private final KubernetesManifests base = KubernetesManifests.base();
  private final Properties properties = KubernetesManifests.appProperties();
  private final JsonNode container = base.container();

  @Test
  void everyManifestParsesAndNamesItself() {
    Map<String, List<JsonNode>> files = KubernetesManifests.allYamlFiles("deploy/kubernetes");
    assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    files.forEach(
        (file, documents) -> {
          assertThat(documents).as(file).isNotEmpty();
          for (JsonNode document : documents) {
            assertThat(document.path("apiVersion").asText()).as(file).isNotEmpty();
            assertThat(document.path("kind").asText()).as(file).isNotEmpty();
            if (!"Kustomization".equals(document.path("kind").asText())) {
              assertThat(document.path("metadata").path("name").asText()).as(file).isNotEmpty();
            }
          }
        });
  }

  @Test
  void kustomizationListsEveryManifestOfTheBase() throws Exception {
    List<String> listed = KubernetesManifests.resourceFiles(KubernetesManifests.BASE);
    List<String> present = new ArrayList<>();
    try (Stream<Path> files = Files.list(RepositoryFiles.file(KubernetesManifests.BASE))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
          .forEach(present::add);
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
    assertThat(base.documents().stream().map(d -> d.path("kind").asText()))
        .contains("Namespace", "Deployment", "Service", "PodDisruptionBudget");
  }

  @Test
  void deploymentRunsTheAppImage() {
    JibImageConfiguration jib = JibImageConfiguration.cpu(JibImageConfiguration.APP_MODULE);
    ImageReference image = ImageReference.parse(container.path("image").asText());
    assertThat(image).isEqualTo(jib.image());
    JsonNode images = KubernetesManifests.kustomization(KubernetesManifests.BASE).path("images");
    assertThat(images.get(0).path("name").asText()).isEqualTo(jib.image().repository());
    assertThat(images.get(0).path("newTag").asText()).isEqualTo(jib.image().tag());
  }

  @Test
  void containerRunsTheClassifierWithTheMountedConfiguration() {
    List<String> args = strings(container.path("args"));
    assertThat(args).first().isEqualTo("run");
    String configFile = args.get(args.indexOf("--config") + 1);
    String configMount = mountPath("config");
    assertThat(configFile).startsWith(configMount + "/");
    assertThat(base.podSpec().path("volumes").findValuesAsText("name")).contains("config");
    String generated =
        KubernetesManifests.kustomization(KubernetesManifests.BASE)
            .path("configMapGenerator")
            .get(0)
            .path("files")
            .get(0)
            .asText();
    assertThat(configFile).endsWith("/" + generated);
  }

  @Test
  void propertiesAndEnvironmentNameRealSettings() {
    for (String key : properties.stringPropertyNames()) {
      assertThat(StreamingAppFacts.isKnownKey(key))
          .as(key + " is a setting (see Setting)")
          .isTrue();
    }
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      assertThat(StreamingAppFacts.isKnownVariable(name)).as(name).isTrue();
    }
    assertThat(properties.getProperty(Setting.BOOTSTRAP_SERVERS.key())).isNotBlank();
  }

  @Test
  void probesUseTheAppsHealthPathsOnTheirOwnListener() {
    int metricsPort = Integer.parseInt(StreamingAppFacts.value(Setting.METRICS_PORT, properties));
    int healthPort = Integer.parseInt(StreamingAppFacts.value(Setting.HEALTH_PORT, properties));
    assertThat(healthPort).as("health.port: the probes' own listener").isPositive();
    JsonNode ports = container.path("ports");
    String metricsName = portName(ports, metricsPort);
    String healthName = portName(ports, healthPort);
    assertThat(metricsName).isEqualTo("metrics");

    assertThat(probe("livenessProbe").path("path").asText()).isEqualTo("/health/live");
    assertThat(probe("readinessProbe").path("path").asText()).isEqualTo("/health/ready");
    for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode httpGet = probe(kind);
      assertThat(httpGet.path("path").asText()).as(kind).isIn(StreamingAppFacts.healthPaths());
      // not the metrics port: scrapes and pages that stall there must not fail a probe
      assertThat(httpGet.path("port").asText())
          .as(kind)
          .isIn(healthName, String.valueOf(healthPort));
    }
  }

  @Test
  void theWebViewIsOffAsInTheImage() {
    assertThat(StreamingAppFacts.value(Setting.WEB_VIEW, properties)).isEqualTo("false");
  }

  private static String portName(JsonNode ports, int number) {
    for (JsonNode port : ports) {
      if (port.path("containerPort").asInt() == number) {
        return port.path("name").asText();
      }
    }
    throw new AssertionError("no containerPort " + number + " in " + ports);
  }

  @Test
  void resourcesAreSetAndTensorFlowThreadsFollowTheCpuLimit() {
    JsonNode resources = container.path("resources");
    for (String section : List.of("requests", "limits")) {
      assertThat(resources.path(section).path("cpu").asText()).as(section).isNotEmpty();
      assertThat(resources.path(section).path("memory").asText()).as(section).isNotEmpty();
    }
    JsonNode threads = env(Setting.INFERENCE_SHARDS.envName());
    assertThat(threads.path("valueFrom").path("resourceFieldRef").path("resource").asText())
        .isEqualTo("limits.cpu");
    assertThat(StreamingAppFacts.value(Setting.STREAM_THREADS, properties)).isEqualTo("2");
  }

  @Test
  void gracePeriodOutlastsTheGracefulShutdown() {
    long shutdownMs =
        Long.parseLong(StreamingAppFacts.value(Setting.SHUTDOWN_TIMEOUT_MS, properties));
    assertThat(base.podSpec().path("terminationGracePeriodSeconds").asLong() * 1000)
        .isGreaterThan(shutdownMs);
  }

  @Test
  void writablePathsAreVolumesBecauseTheRootFilesystemIsReadOnly() {
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();
    String stateDir = StreamingAppFacts.value(Setting.STATE_DIR, properties);
    String nativeCache = env("MNASNET_NATIVE_CACHE").path("value").asText();
    for (String path : List.of(stateDir, nativeCache)) {
      JsonNode mount = mountFor(path);
      assertThat(mount.path("readOnly").asBoolean()).as(path).isFalse();
      assertThat(volume(mount.path("name").asText()).has("emptyDir")).as(path).isTrue();
    }
    String modelDir = StreamingAppFacts.value(Setting.MODEL_DIR, properties);
    JsonNode models = mountFor(modelDir);
    assertThat(models.path("mountPath").asText()).isEqualTo("/models");
    assertThat(
            volume(models.path("name").asText())
                .path("persistentVolumeClaim")
                .path("claimName")
                .asText())
        .isEqualTo(base.only("PersistentVolumeClaim").path("metadata").path("name").asText());
  }

  @Test
  void serviceAndDisruptionBudgetSelectTheClassifierPods() {
    Map<String, String> podLabels =
        stringMap(base.deployment().path("spec").path("template").path("metadata").path("labels"));
    Map<String, String> deploymentSelector =
        stringMap(base.deployment().path("spec").path("selector").path("matchLabels"));
    assertThat(podLabels).containsAllEntriesOf(deploymentSelector);

    JsonNode pdb = base.only("PodDisruptionBudget");
    assertThat(stringMap(pdb.path("spec").path("selector").path("matchLabels")))
        .isEqualTo(deploymentSelector);

    JsonNode service = base.only("Service");
    assertThat(podLabels).containsAllEntriesOf(stringMap(service.path("spec").path("selector")));
    JsonNode servicePort = service.path("spec").path("ports").get(0);
    String containerPort = container.path("ports").get(0).path("containerPort").asText();
    assertThat(servicePort.path("targetPort").asText())
        .isIn(container.path("ports").get(0).path("name").asText(), containerPort);
    Map<String, String> annotations = stringMap(service.path("metadata").path("annotations"));
    assertThat(annotations)
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", containerPort);
    assertThat(annotations.get("prometheus.io/path")).isIn(StreamingAppFacts.httpPaths());
  }

  @Test
  void kustomizeRendersTheBase() throws Exception {
    ExternalTool kubectl = ExternalTool.find("kubectl");
    assumeTrue(kubectl != null, "kubectl is not installed");
    ExternalTool.Result result = kubectl.run("kustomize", KubernetesManifests.BASE);
    assertThat(result.exitCode()).as(result.output()).isZero();
    KubernetesManifests rendered =
        new KubernetesManifests(RepositoryFiles.yamlDocuments(result.output()));
    assertThat(rendered.documents())
        .allSatisfy(
            d -> assertThat(d.path("metadata").path("namespace").asText()).isIn("mnasnet", ""));
    String configMap = rendered.only("ConfigMap").path("metadata").path("name").asText();
    assertThat(rendered.podSpec().path("volumes").findValuesAsText("name")).contains("config");
    assertThat(rendered.podSpec().findValuesAsText("name")).contains(configMap);
    assertThat(rendered.only("ConfigMap").path("data").path("mnasnet.properties").asText())
        .contains(Setting.MODEL_DIR.key() + "=");
  }

  private JsonNode probe(String kind) {
    return container.path(kind).path("httpGet");
  }

  private JsonNode env(String name) {
    for (JsonNode variable : container.path("env")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError("no env " + name + " in the classifier container");
  }

  private String mountPath(String volumeName) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (volumeName.equals(mount.path("name").asText())) {
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError("volume " + volumeName + " is not mounted");
  }

  /** The mount holding {@code path} (the longest mount path it starts with). */
  private JsonNode mountFor(String path) {
    JsonNode best = null;
    for (JsonNode mount : container.path("volumeMounts")) {
      String mountPath = mount.path("mountPath").asText();
      if ((path.equals(mountPath) || path.startsWith(mountPath + "/"))
          && (best == null || mountPath.length() > best.path("mountPath").asText().length())) {
        best = mount;
      }
    }
    assertThat(best).as("a volume mounted at or above " + path).isNotNull();
    return best;
  }

  private JsonNode volume(String name) {
    for (JsonNode volume : base.podSpec().path("volumes")) {
      if (name.equals(volume.path("name").asText())) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }
}
