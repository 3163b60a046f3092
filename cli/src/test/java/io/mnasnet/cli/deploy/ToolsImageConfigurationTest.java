package io.mnasnet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.Mnasnet;
import io.mnasnet.streams.deploy.JibImageConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The tools' image, {@code mnasnet-tools}, as the root pom and {@code cli/pom.xml} configure Jib to
 * build it: the whole launcher on the same base, entry point and environment as the app's image
 * (checked by streams-app's {@code AppImageConfigurationTest}), under its own name.
 */
class ToolsImageConfigurationTest {
  private final JibImageConfiguration tools =
      JibImageConfiguration.cpu(JibImageConfiguration.TOOLS_MODULE);
  private final JibImageConfiguration app =
      JibImageConfiguration.cpu(JibImageConfiguration.APP_MODULE);

  @Test
  void runsTheLauncherWithEveryCommand() {
    assertThat(tools.image().repository()).isEqualTo("mnasnet-tools");
    assertThat(tools.image().tag()).isEqualTo(tools.projectVersion());
    assertThat(tools.mainClass()).isEqualTo(Mnasnet.class.getName());
    // no default command: `docker run mnasnet-tools` lists the commands
    assertThat(tools.args()).isEmpty();
    assertThat(tools.labels()).containsEntry("org.opencontainers.image.title", "mnasnet-tools");
    assertThat(tools.tarball()).endsWith("cli/target/mnasnet-tools.tar");
    assertThat(Mnasnet.commandLine().getSubcommands().keySet())
        .contains("run", "train", "produce", "consume", "demo");
  }

  @Test
  void sharesTheAppImagesBaseEntryPointAndEnvironment() {
    assertThat(tools.elementsSetTwice()).isEmpty();
    assertThat(tools.executionsOutsideProfiles()).isZero();
    assertThat(tools.image().repository()).isNotEqualTo(app.image().repository());
    assertThat(tools.baseImage()).isEqualTo(app.baseImage());
    assertThat(tools.entrypoint()).isEqualTo(app.entrypoint());
    // the shared environment; the app's image adds the safe defaults of `run` in a cluster
    // (the probes' own listener, the web view off: deploy/README.md), the tools' image does not
    assertThat(app.environment()).containsAllEntriesOf(tools.environment());
    assertThat(app.environment().keySet())
        .containsAll(tools.environment().keySet())
        .allMatch(name -> tools.environment().containsKey(name) || name.startsWith("MNASNET_"));
    assertThat(tools.user()).isEqualTo(app.user());
    assertThat(tools.permissions()).isEqualTo(app.permissions());
  }

  @Test
  void gpuProfileTagsItsOwnImageOnTheCudaBase() {
    JibImageConfiguration gpu = JibImageConfiguration.gpu(JibImageConfiguration.TOOLS_MODULE);
    assertThat(gpu.image().repository()).isEqualTo("mnasnet-tools");
    assertThat(gpu.image().tag()).isEqualTo(tools.projectVersion() + "-gpu");
    assertThat(gpu.baseImage())
        .isEqualTo(JibImageConfiguration.gpu(JibImageConfiguration.APP_MODULE).baseImage());
  }
}
