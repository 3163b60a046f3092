package io.mnasnet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.Mnasnet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Jib configuration of {@code cli/pom.xml} and the scripts it puts in the image. */
class ImageConfigurationTest {
  private final JibImageConfiguration cpu = JibImageConfiguration.cpu();
  private final JibImageConfiguration gpu = JibImageConfiguration.gpu();

  @Test
  void isNotBuiltByTheDefaultLifecycle() {
    // building needs a registry for the base image: only with -Pimage, never by `mvn verify`
    assertThat(cpu.executionsOutsideProfiles()).isZero();
    assertThat(cpu.profileGoals("image")).containsEntry("buildTar", "package");
  }

  @Test
  void runsTheLauncherWithRunAsDefaultCommand() {
    assertThat(cpu.image().repository()).isEqualTo("mnasnet");
    assertThat(cpu.image().tag()).isEqualTo(cpu.projectVersion());
    assertThat(cpu.baseImage().repository()).isEqualTo("eclipse-temurin");
    assertThat(cpu.baseImage().tag()).startsWith("17");
    assertThat(cpu.args()).containsExactly("run");
    assertThat(cpu.entrypoint()).hasSize(1);

    String entrypoint = cpu.entrypoint().get(0);
    assertThat(cpu.permissions()).containsEntry(entrypoint, "755");
    String script = RepositoryFiles.text(imagePathToSource(entrypoint));
    assertThat(script)
        .as("the entrypoint starts the launcher's main class with Jib's class path")
        .contains(Mnasnet.class.getName())
        .contains("@/app/jib-classpath-file")
        .contains("exec java")
        .contains("\"$@\"");
  }

  @Test
  void setsTensorFlowsEnvironmentBeforeTheJvmStarts() {
    assertThat(cpu.environment())
        .containsEntry("TF_ENABLE_ONEDNN_OPTS", "0")
        .containsEntry("TF_CPP_MIN_LOG_LEVEL", "2");
    String script = RepositoryFiles.text(StreamingAppFacts.ENTRYPOINT);
    assertThat(script).contains("TF_ENABLE_ONEDNN_OPTS").contains("LD_PRELOAD");
  }

  @Test
  void exposesTheMetricsPortAndRunsAsNonRoot() {
    assertThat(cpu.ports()).containsExactly(String.valueOf(StreamingAppFacts.defaultMetricsPort()));
    assertThat(cpu.user()).doesNotStartWith("0").doesNotStartWith("root");
  }

  @Test
  void addsExecutableScriptsThatExist() throws Exception {
    assertThat(cpu.extraDirectories()).hasSize(1);
    Path scripts = RepositoryFiles.root().resolve("cli").resolve(firstKey(cpu)).normalize();
    assertThat(scripts).isEqualTo(RepositoryFiles.file("deploy/image"));
    assertThat(cpu.permissions()).isNotEmpty();
    for (String file : cpu.permissions().keySet()) {
      Path source = RepositoryFiles.file(imagePathToSource(file));
      assertThat(Files.isExecutable(source)).as(source + " is executable in git").isTrue();
      assertThat(Files.readString(source)).startsWith("#!/bin/");
    }
  }

  @Test
  void gpuProfileTagsItsOwnImageOnACudaBase() {
    assertThat(gpu.image().repository()).isEqualTo(cpu.image().repository());
    assertThat(gpu.image().tag()).isEqualTo(cpu.projectVersion() + "-gpu");
    assertThat(gpu.additionalTags()).doesNotContainAnyElementsOf(cpu.additionalTags());
    assertThat(gpu.baseImage().name()).isNotEqualTo(cpu.baseImage().name());
    assertThat(RepositoryFiles.text("deploy/image-gpu/Dockerfile"))
        .contains("FROM nvidia/cuda:12")
        .contains("cudnn")
        .contains("openjdk-17-jre-headless")
        .contains(gpu.baseImage().name() + ":" + gpu.baseImage().tag());
  }

  private static String firstKey(JibImageConfiguration configuration) {
    return configuration.extraDirectories().keySet().iterator().next();
  }

  private static String imagePathToSource(String pathInImage) {
    return "deploy/image" + pathInImage;
  }
}
