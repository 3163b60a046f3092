package io.mnasnet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnasnet.streams.deploy.AppImageExclusions;
import io.mnasnet.streams.deploy.ImageTarball;
import io.mnasnet.streams.deploy.JibImageConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built {@code mnasnet-tools} image, read from the tarball {@code -Pimage} writes at {@code
 * package}:
 *
 * <pre>
 *   mvn -B -pl cli -am verify -Pimage -Dmnasnet.image.base=scratch \
 *       -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ToolsImageTarballIT
 * </pre>
 *
 * Skipped unless this build wrote the tarball (as streams-app's {@code AppImageTarballIT}). Like
 * the app's image, it carries ONNX Runtime for Linux x86-64 only.
 */
class ToolsImageTarballIT {
  private static final JibImageConfiguration JIB =
      JibImageConfiguration.cpu(JibImageConfiguration.TOOLS_MODULE);
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
    System.out.println("mnasnet-tools image layers (" + tarball + "):\n" + image.describe());
  }

  @Test
  void carriesOnnxRuntimeForLinuxX64Only() {
    List<String> onnxJars =
        image.libraryJars().stream()
            .filter(jar -> AppImageExclusions.artifactIdOfJar(jar).equals("onnxruntime"))
            .toList();
    assertThat(onnxJars).singleElement().asString().endsWith("-linux-x64.jar");
    List<String> entries = image.jarEntries("app/libs/" + onnxJars.get(0));
    assertThat(entries)
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
  void stillHoldsTheWholeLauncher() {
    assertThat(image.libraryJars().stream().map(AppImageExclusions::artifactIdOfJar))
        .contains("trainer", "streams-app", "kafka-local", "tensorflow-core-native", "picocli");
  }
}
