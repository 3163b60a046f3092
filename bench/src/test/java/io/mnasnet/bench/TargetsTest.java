package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.bench.BenchReport.TargetCheck;
import io.mnasnet.bench.PipelineSuiteResult.CaseResult;
import io.mnasnet.bench.PipelineSuiteResult.Cpu;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

  private static CaseResult withCpu(BenchImages.Kind kind, Cpu cpu) {
    return new CaseResult(
        PipelineCase.classifier(kind, 32, 100, false),
        "model",
        1000,
        null,
        Spread.of(List.of(100.0)),
        Map.of(),
        200.0,
        10.0,
        0.5,
        null,
        null,
        List.of(),
        null,
        cpu);
  }

  private static List<TargetCheck> cpuChecks(CaseResult... cases) {
    PipelineSuiteResult pipeline = new PipelineSuiteResult("broker", "method", List.of(cases));
    return Targets.evaluate(null, pipeline, null).stream()
        .filter(check -> check.target().startsWith("app CPU per image"))
        .toList();
  }

  @Test
  void checksEachCaseAgainstItsOwnCpuBound() {
    List<TargetCheck> checks =
        cpuChecks(
            withCpu(
                BenchImages.Kind.PNG_28,
                Cpu.of(Spread.of(List.of(0.30, 0.29, 0.31)), 0.2, 0.4, 1.6)),
            withCpu(
                BenchImages.Kind.PHOTO_1280,
                Cpu.of(Spread.of(List.of(16.0, 17.0, 15.0)), 7.0, 11.5, 1.3)));

    assertThat(checks).hasSize(2);
    assertThat(checks.get(0).target()).contains("<= 1.60x").contains("28x28 PNG");
    assertThat(checks.get(0).measured()).contains("0.300 vs bare model 0.200").contains("1.50x");
    assertThat(checks.get(0).met()).isTrue();
    assertThat(checks.get(1).target()).contains("<= 1.30x").contains("1280x960");
    assertThat(checks.get(1).measured()).contains("2.29x").contains("with its decode 11.500");
    assertThat(checks.get(1).met()).isFalse();
  }

  @Test
  void aCaseWithoutCpuFiguresIsNotMeasuredNeverMet() {
    List<TargetCheck> checks = cpuChecks(withCpu(BenchImages.Kind.JPEG_256, null));

    assertThat(checks).singleElement().satisfies(check -> assertThat(check.met()).isNull());
  }

  @Test
  void casesWithoutABoundAreNotChecked() {
    assertThat(
            cpuChecks(
                withCpu(
                    BenchImages.Kind.JPEG_224, Cpu.of(Spread.of(List.of(9.0)), 7.0, 8.0, null))))
        .isEmpty();
  }

  @Test
  void pngPerRecordCostIsTheAppMinusTheBareModel() {
    PipelineSuiteResult pipeline =
        new PipelineSuiteResult(
            "broker",
            "method",
            List.of(
                withCpu(
                    BenchImages.Kind.PNG_28,
                    Cpu.of(Spread.of(List.of(0.30, 0.29, 0.31)), 0.2, 0.4, 1.6))));
    TargetCheck check =
        Targets.evaluate(null, pipeline, null).stream()
            .filter(c -> c.target().startsWith("per-record cost"))
            .findFirst()
            .orElseThrow();
    assertThat(check.measured()).contains("0.300 - 0.200 = 0.100 ms/image");
    assertThat(check.met()).isTrue();
  }

  @Test
  void servingEngineIsComparedWithOnnxRuntimeDirectAndTensorFlow() {
    ModelSuiteResult model =
        new ModelSuiteResult(
            List.of(ModelSuiteResult.ModelInfo.of(BenchModel.LARGE)),
            List.of(
                run(EngineSetting.LAUNCHER_DEFAULT, 150, 250),
                run(EngineSetting.ORT_DIRECT, 160, 200),
                run(EngineSetting.TENSORFLOW_DEFAULT, 50, 100)),
            List.of(),
            "skipped",
            List.of());
    List<TargetCheck> checks = Targets.evaluate(model, null, null);
    assertThat(checks)
        .filteredOn(c -> c.target().contains("ONNX Runtime direct (w1.0-224px, batch 1)"))
        .singleElement()
        .satisfies(c -> assertThat(c.met()).isFalse()); // 150 / 160 = 0.94
    assertThat(checks)
        .filteredOn(c -> c.target().contains("ONNX Runtime direct (w1.0-224px, batch 32)"))
        .singleElement()
        .satisfies(c -> assertThat(c.met()).isTrue()); // 250 / 200 = 1.25
    assertThat(checks)
        .filteredOn(c -> c.target().contains("the TensorFlow engine"))
        .singleElement()
        .satisfies(c -> assertThat(c.measured()).contains("2.50x"));
    // batch 8 was not measured: said so, never met
    assertThat(checks)
        .filteredOn(c -> c.target().contains("batch 8"))
        .singleElement()
        .satisfies(c -> assertThat(c.met()).isNull());
  }

  private static ModelSuiteResult.SettingRun run(
      EngineSetting setting, double batch1, double batch32) {
    return new ModelSuiteResult.SettingRun(
        setting,
        "2.18.0",
        null,
        null,
        List.of(
            new ModelSuiteResult.Series(
                BenchModel.LARGE.name(), 0, List.of(point(1, batch1), point(32, batch32)))));
  }

  private static ModelSuiteResult.Point point(int batch, double rate) {
    return new ModelSuiteResult.Point(
        batch, Spread.of(List.of(rate)), Spread.of(List.of(1000 / rate)), 0, 0);
  }
}
