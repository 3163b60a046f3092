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
}
