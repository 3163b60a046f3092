package io.mnasnet.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mnasnet.streams.cli.AppLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built {@code mnasnet-app} image, read from the tarball {@code -Pimage} writes at {@code
 * package} (no daemon, no registry when built on {@code scratch}):
 *
 * <pre>
 *   mvn -B -pl streams-app -am verify -Pimage -Dmnasnet.image.base=scratch \
 *       -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AppImageTarballIT
 * </pre>
 *
 * Skipped unless this build wrote the tarball ({@code -Pimage} sets {@code mnasnet.image.built}, so
 * a tarball left over from an earlier build is never checked against newer sources); a plain {@code
 * mvn verify} builds no image, {@code .ci/run} does. Its layers must hold the app and its runtime
 * only, and the entry point must find the launcher.
 */
class AppImageTarballIT {
  private static final JibImageConfiguration JIB =
      JibImageConfiguration.cpu(JibImageConfiguration.APP_MODULE);
  private static ImageTarball image;

  @BeforeAll
  static void readTarball() {
    Path tarball = Path.of(JIB.tarball());
    assumeTrue(
        Boolean.getBoolean("mnasnet.image.built"),
        "no image built by this build: run with -Pimage -Dmnasnet.image.base=scratch");
    assumeTrue(
        Files.isRegularFile(tarball),
        tarball + " was not built: build it with -Pimage -Dmnasnet.image.base=scratch");
    image = ImageTarball.read(tarball);
    System.out.println("mnasnet-app image layers (" + tarball + "):\n" + image.describe());
  }

  @Test
  void layersHoldNoTrainerBrokerToolsBenchmarksScalaOrCharts() {
    List<String> artifactIds =
        image.libraryJars().stream().map(AppImageExclusions::artifactIdOfJar).toList();
    assertThat(AppImageExclusions.violations(artifactIds)).isEmpty();
    List<String> allPaths = new ArrayList<>(image.files().keySet());
    assertThat(allPaths)
        .as("no class of the tools or the trainer in any layer")
        .noneMatch(p -> p.contains("io/mnasnet/cli/"))
        .noneMatch(p -> p.contains("io/mnasnet/trainer/"))
        .noneMatch(p -> p.contains("io/mnasnet/bench/"))
        .noneMatch(p -> p.contains("io/mnasnet/kafka/local/"));
  }

  @Test
  void holdsTheAppItsRuntimeAndTheScripts() {
    assertThat(image.libraryJars().stream().map(AppImageExclusions::artifactIdOfJar))
        .contains("schemas", "inference", "kafka-streams", "tensorflow-core-native", "picocli");
    Map<String, ImageTarball.FileEntry> files = image.files();
    assertThat(files.keySet())
        .contains("app/classes/io/mnasnet/streams/cli/AppLauncher.class")
        .contains("app/resources/logback.xml");
    for (String script : JIB.permissions().keySet()) {
      ImageTarball.FileEntry file = files.get(script.substring(1));
      assertThat(file).as(script).isNotNull();
      assertThat(file.mode() & 0777).as(script).isEqualTo(0755);
    }
  }

  /**
   * ONNX Runtime's jar bundles native libraries for five platforms; the image is Linux x86-64, so
   * it carries one copy of the classes with that platform's library and nothing of the others.
   */
  @Test
  void carriesOnnxRuntimeForLinuxX64Only() {
    List<String> onnxJars =
        image.libraryJars().stream()
            .filter(jar -> AppImageExclusions.artifactIdOfJar(jar).equals("onnxruntime"))
            .toList();
    assertThat(onnxJars).singleElement().asString().endsWith("-linux-x64.jar");
    List<String> natives = image.jarEntries("app/libs/" + onnxJars.get(0));
    assertThat(natives)
        .contains(
            "ai/onnxruntime/OrtSession.class",
            "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so")
        .noneMatch(
            e ->
                e.startsWith("ai/onnxruntime/native/")
                    && !e.equals("ai/onnxruntime/native/")
                    && !e.startsWith("ai/onnxruntime/native/linux-x64/"));
    assertThat(image.text("app/jib-classpath-file").orElseThrow())
        .contains("/app/libs/" + onnxJars.get(0));
  }

  @Test
  void entryPointFindsTheAppLauncherAndEveryClassPathEntry() {
    assertThat(image.text("app/jib-main-class-file")).hasValue(AppLauncher.class.getName());
    String classPath = image.text("app/jib-classpath-file").orElseThrow().trim();
    for (String entry : classPath.split(":")) {
      String path = entry.substring(1);
      assertThat(image.files().keySet())
          .as(entry + " of /app/jib-classpath-file is in the image")
          .anyMatch(p -> p.equals(path) || p.startsWith(path + "/"));
    }
  }

  @Test
  void runConfigurationIsTheOneConfigured() {
    JsonNode config = image.runConfig();
    assertThat(strings(config.path("Entrypoint"))).isEqualTo(JIB.entrypoint());
    assertThat(strings(config.path("Cmd"))).containsExactly("run");
    // the module's variables merged with the shared ones, as JibImageConfiguration reads them
    assertThat(strings(config.path("Env")))
        .contains("TF_ENABLE_ONEDNN_OPTS=0", "TF_CPP_MIN_LOG_LEVEL=2")
        .contains("MNASNET_HEALTH_PORT=9401", "MNASNET_WEB_VIEW=false");
    assertThat(config.path("User").asText()).isEqualTo(JIB.user());
    for (String port : JIB.ports()) {
      assertThat(config.path("ExposedPorts").has(port + "/tcp")).as(port).isTrue();
    }
    assertThat(image.repoTags())
        .contains(JIB.image().repository() + ":" + JIB.image().tag())
        .allMatch(tag -> tag.startsWith("mnasnet-app:"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
