package io.mnasnet.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.streams.cli.AppLauncher;
import io.mnasnet.streams.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming app's image, {@code mnasnet-app}, as the root pom and {@code streams-app/pom.xml}
 * configure Jib to build it, and the scripts it puts in the image (shared with the tools' image).
 */
class AppImageConfigurationTest {
  private final JibImageConfiguration cpu =
      JibImageConfiguration.cpu(JibImageConfiguration.APP_MODULE);
  private final JibImageConfiguration gpu =
      JibImageConfiguration.gpu(JibImageConfiguration.APP_MODULE);

  @Test
  void isNotBuiltByTheDefaultLifecycle() {
    // building needs a registry for the base image: only with -Pimage, never by `mvn verify`
    assertThat(cpu.executionsOutsideProfiles()).isZero();
    assertThat(cpu.rootProfileGoals("image")).containsEntry("buildTar", "package");
    assertThat(cpu.tarball()).endsWith("streams-app/target/mnasnet-app.tar");
  }

  @Test
  void sharedSettingsAreNotOverriddenByTheModule() {
    // each element is set in one place, so what this test reads is what Maven merges
    assertThat(cpu.elementsSetTwice()).isEmpty();
  }

  @Test
  void runsTheAppLauncherWithRunAsDefaultCommand() {
    assertThat(cpu.image().repository()).isEqualTo("mnasnet-app");
    assertThat(cpu.image().tag()).isEqualTo(cpu.projectVersion());
    assertThat(cpu.additionalTags()).containsExactly("latest");
    assertThat(cpu.baseImage().repository()).isEqualTo("eclipse-temurin");
    assertThat(cpu.baseImage().tag()).startsWith("17");
    assertThat(cpu.mainClass()).isEqualTo(AppLauncher.class.getName());
    assertThat(cpu.args()).containsExactly("run");
    assertThat(cpu.labels()).containsEntry("org.opencontainers.image.title", "mnasnet-app");
    assertThat(cpu.entrypoint()).hasSize(1);

    String entrypoint = cpu.entrypoint().get(0);
    assertThat(cpu.permissions()).containsEntry(entrypoint, "755");
    String script = RepositoryFiles.text(imagePathToSource(entrypoint));
    assertThat(script)
        .as("the entrypoint starts the image's main class with Jib's class path")
        .contains("exec java")
        .contains("-cp @/app/jib-classpath-file @/app/jib-main-class-file \"$@\"");
  }

  @Test
  void setsTensorFlowsEnvironmentBeforeTheJvmStarts() {
    assertThat(cpu.environment())
        .containsEntry("TF_ENABLE_ONEDNN_OPTS", "0")
        .containsEntry("TF_CPP_MIN_LOG_LEVEL", "2");
    String script = RepositoryFiles.text(StreamingAppFacts.ENTRYPOINT);
    assertThat(script)
        .contains("export TF_ENABLE_ONEDNN_OPTS=\"${TF_ENABLE_ONEDNN_OPTS:-0}\"")
        .contains("export TF_CPP_MIN_LOG_LEVEL=\"${TF_CPP_MIN_LOG_LEVEL:-2}\"")
        .contains("export TF_CPU_ALLOCATOR_USE_BFC=\"${TF_CPU_ALLOCATOR_USE_BFC:-true}\"")
        .contains("libjemalloc.so.2")
        .contains("LD_PRELOAD");
  }

  @Test
  void exposesTheMetricsAndHealthPortsAndRunsAsNonRoot() {
    String healthPort = cpu.environment().get(Setting.HEALTH_PORT.envName());
    assertThat(healthPort).isNotNull();
    assertThat(cpu.ports())
        .containsExactly(String.valueOf(StreamingAppFacts.defaultMetricsPort()), healthPort);
    assertThat(cpu.user()).doesNotStartWith("0").doesNotStartWith("root");
  }

  @Test
  void safeDefaultsOfTheImageProbesOnTheirOwnListenerAndTheWebViewOff() {
    // the settings' defaults suit a workstation; the image's suit a cluster (deploy/README.md)
    assertThat(Setting.HEALTH_PORT.defaultValue()).hasValue("-1");
    assertThat(cpu.environment())
        .containsEntry(Setting.HEALTH_PORT.envName(), "9401")
        .containsEntry(Setting.WEB_VIEW.envName(), "false")
        .doesNotContainKey(Setting.METRICS_HOST.envName());
    assertThat(Setting.METRICS_HOST.defaultValue())
        .as("probes and scrapes come from outside the container")
        .hasValue("0.0.0.0");
    assertThat(RepositoryFiles.text(StreamingAppFacts.HEALTHCHECK))
        .contains(Setting.HEALTH_PORT.envName());
  }

  @Test
  void addsExecutableScriptsThatExist() throws Exception {
    Map<String, String> directories = cpu.extraDirectories();
    assertThat(directories).hasSize(1);
    Path scripts = Path.of(directories.keySet().iterator().next()).normalize();
    assertThat(scripts).isEqualTo(RepositoryFiles.file("deploy/image"));
    assertThat(directories.values()).containsExactly("/");
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
    assertThat(gpu.mainClass()).isEqualTo(cpu.mainClass());
    assertThat(gpu.baseImage().name()).isNotEqualTo(cpu.baseImage().name());
    // the same -Pgpu swaps TensorFlow's native library in the image for the CUDA build
    assertThat(gpu.property("tensorflow.native.classifier")).isEqualTo("linux-x86_64-gpu");
    assertThat(cpu.property("tensorflow.native.classifier")).isEqualTo("linux-x86_64");
    assertThat(RepositoryFiles.text("deploy/image-gpu/Dockerfile"))
        .contains("FROM nvidia/cuda:12")
        .contains("cudnn")
        .contains("openjdk-17-jre-headless")
        .contains(gpu.baseImage().name() + ":" + gpu.baseImage().tag());
  }

  private static String imagePathToSource(String pathInImage) {
    return "deploy/image" + pathInImage;
  }
}
