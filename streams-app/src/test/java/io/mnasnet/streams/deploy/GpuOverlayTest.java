package io.mnasnet.streams.deploy;

import static io.mnasnet.streams.deploy.KubernetesManifests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GPU overlay: one NVIDIA GPU per pod, the GPU build of the app image, inference forced onto
 * the GPU.
 */
class GpuOverlayTest {
  private final JsonNode kustomization =
      KubernetesManifests.kustomization(KubernetesManifests.GPU_OVERLAY);

  @Test
  void buildsOnTheBaseWithTheGpuImage() {
    assertThat(strings(kustomization.path("resources"))).containsExactly("../../base");
    JsonNode image = kustomization.path("images").get(0);
    ImageReference gpuImage = JibImageConfiguration.gpu(JibImageConfiguration.APP_MODULE).image();
    assertThat(image.path("name").asText()).isEqualTo(gpuImage.repository());
    assertThat(image.path("newTag").asText()).isEqualTo(gpuImage.tag());
  }

  @Test
  void patchRequestsAGpuOnGpuNodes() {
    String patchFile = kustomization.path("patches").get(0).path("path").asText();
    KubernetesManifests patch =
        new KubernetesManifests(
            RepositoryFiles.yamlDocuments(
                RepositoryFiles.file(KubernetesManifests.GPU_OVERLAY + "/" + patchFile)));
    assertThat(patch.deployment().path("metadata").path("name").asText())
        .isEqualTo(KubernetesManifests.base().deployment().path("metadata").path("name").asText());
    assertGpuPod(patch);
  }

  @Test
  void kustomizeRendersTheGpuDeployment() throws Exception {
    ExternalTool kubectl = ExternalTool.find("kubectl");
    assumeTrue(kubectl != null, "kubectl is not installed");
    ExternalTool.Result result = kubectl.run("kustomize", KubernetesManifests.GPU_OVERLAY);
    assertThat(result.exitCode()).as(result.output()).isZero();
    KubernetesManifests rendered =
        new KubernetesManifests(RepositoryFiles.yamlDocuments(result.output()));
    assertGpuPod(rendered);
    assertThat(ImageReference.parse(rendered.container().path("image").asText()))
        .isEqualTo(JibImageConfiguration.gpu(JibImageConfiguration.APP_MODULE).image());
    // the patch replaced what it had to and kept the rest of the base
    JsonNode container = rendered.container();
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/ready");
    assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/models");
  }

  private static void assertGpuPod(KubernetesManifests manifests) {
    JsonNode container = manifests.container();
    assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asInt())
        .isEqualTo(1);
    List<String> args = strings(container.path("args"));
    assertThat(args).first().isEqualTo("run");
    assertThat(args.get(args.indexOf("--device") + 1)).isEqualTo("gpu");
    JsonNode pod = manifests.podSpec();
    assertThat(pod.path("nodeSelector").size() + pod.path("tolerations").size()).isPositive();
    assertThat(pod.path("tolerations").findValuesAsText("key")).contains("nvidia.com/gpu");
  }
}
