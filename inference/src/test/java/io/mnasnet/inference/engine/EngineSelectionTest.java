package io.mnasnet.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSelectionTest {

  @TempDir Path version;

  private static final ResolvedRuntime CPU = ResolvedRuntime.cpuOnly();
  private static final ResolvedRuntime GPU =
      new ResolvedRuntime(RuntimeOptions.on(Device.GPU), true);

  @Test
  void autoServesOnnxRuntimeOnACpuWhenTheVersionHasModelOnnx() throws Exception {
    Files.write(version.resolve("model.onnx"), new byte[] {1});

    EngineSelection selection = EngineSelection.select(EngineChoice.AUTO, version, CPU);

    assertThat(selection.engine()).isEqualTo(Engine.ONNX_RUNTIME);
    assertThat(selection.reason()).contains("model.onnx");
  }

  @Test
  void autoServesTensorFlowWithoutModelOnnxAndSaysSo() {
    EngineSelection selection = EngineSelection.select(EngineChoice.AUTO, version, CPU);

    assertThat(selection.engine()).isEqualTo(Engine.TENSORFLOW);
    assertThat(selection.reason()).contains("no model.onnx", version.toString());
  }

  @Test
  void autoServesTensorFlowOnAGpuEvenWithModelOnnx() throws Exception {
    Files.write(version.resolve("model.onnx"), new byte[] {1});

    EngineSelection selection = EngineSelection.select(EngineChoice.AUTO, version, GPU);

    assertThat(selection.engine()).isEqualTo(Engine.TENSORFLOW);
    assertThat(selection.reason()).contains("GPU");
  }

  @Test
  void anExplicitChoiceIsKept() {
    assertThat(EngineSelection.select(EngineChoice.ONNXRUNTIME, version, GPU).engine())
        .isEqualTo(Engine.ONNX_RUNTIME);
    assertThat(EngineSelection.select(EngineChoice.TENSORFLOW, version, CPU).engine())
        .isEqualTo(Engine.TENSORFLOW);
  }

  @Test
  void choicesParseAsUsersSpellThemAndUnknownOnesNameTheAlternatives() {
    assertThat(EngineChoice.parse(" ONNXRuntime ")).isEqualTo(EngineChoice.ONNXRUNTIME);
    assertThat(EngineChoice.parse("auto")).isEqualTo(EngineChoice.AUTO);
    assertThatThrownBy(() -> EngineChoice.parse("onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, tensorflow, onnxruntime");
  }
}
