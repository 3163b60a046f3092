package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

class StepTraceTest {

  private static NodeExecStats node(String name, String op, long start, long duration) {
    return NodeExecStats.newBuilder()
        .setNodeName(name)
        .setTimelineLabel(name + " = " + op + "(x)")
        .setAllStartMicros(start)
        .setAllEndRelMicros(duration)
        .build();
  }

  @Test
  void attributesTheTimeWhenOneOpRunsAloneToThatOp() {
    // microseconds: CPU:0 runs a (0-1000) then c (1000-4000); CPU:1 b (500-1500) then g (-2500)
    StepStats stats =
        StepStats.newBuilder()
            .addDevStats(
                DeviceStepStats.newBuilder()
                    .setDevice("/job:localhost/replica:0/task:0/device:CPU:0")
                    .addNodeStats(node("replica_0/a", "Conv2D", 0, 1000))
                    .addNodeStats(node("replica_0/c", "Conv2D", 1000, 3000)))
            .addDevStats(
                DeviceStepStats.newBuilder()
                    .setDevice("/job:localhost/replica:0/task:0/device:CPU:1")
                    .addNodeStats(node("replica_1/b", "Relu", 500, 1000))
                    .addNodeStats(node("gradients/replica_1/g", "ReluGrad", 1500, 1000)))
            .build();
    StepTrace trace = new StepTrace();
    trace.add(stats, 4000);

    String summary = trace.summary();

    // alone: a for 0-500, c for 2500-4000; two at once for 500-2500
    assertThat(summary).contains("k=1 50.0% k=2 50.0%");
    String byDevice =
        summary.substring(
            summary.indexOf("ops that ran alone, by device"),
            summary.indexOf("ops that ran alone, longest"));
    assertThat(byDevice).containsPattern("device:CPU:0 forward/update\\s+2\\.0 ms");
    assertThat(byDevice).doesNotContain("CPU:1");
    assertThat(summary).containsPattern("replica_0/c\\s+1\\.5 ms");
    assertThat(summary).containsPattern("replica_0/a\\s+0\\.5 ms");
  }
}
