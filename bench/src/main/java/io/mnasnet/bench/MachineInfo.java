package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The machine a report was measured on.
 *
 * @param cores processors available to the JVM
 * @param cpuModel {@code model name} from {@code /proc/cpuinfo}
 * @param cpuMhz {@code cpu MHz} from {@code /proc/cpuinfo} (the current clock; a VM reports its
 *     nominal clock)
 * @param vectorFlags which of avx2, fma, avx512f the CPU reports
 * @param kernel {@code os.name os.version os.arch}
 * @param jvm JVM name and version
 * @param tensorFlowVersion the TensorFlow native library's version
 * @param memoryBytes {@code MemTotal} from {@code /proc/meminfo}
 * @param loadAverageAtStart 1, 5 and 15-minute load averages when the run started
 * @param loadAverageAtEnd the same when it ended
 */
public record MachineInfo(
    int cores,
    String cpuModel,
    double cpuMhz,
    List<String> vectorFlags,
    String kernel,
    String jvm,
    String tensorFlowVersion,
    long memoryBytes,
    List<Double> loadAverageAtStart,
    List<Double> loadAverageAtEnd) {

  /** Describes this machine now ({@code loadAverageAtEnd} empty until {@link #withEndLoad()}). */
  static MachineInfo probe(String tensorFlowVersion) {
    List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
    String flags = field(cpuinfo, "flags").orElse("");
    List<String> present =
        Arrays.stream(flags.split("\\s+"))
            .filter(flag -> flag.equals("avx2") || flag.equals("fma") || flag.equals("avx512f"))
            .distinct()
            .toList();
    long memory =
        field(lines(Path.of("/proc/meminfo")), "MemTotal")
            .map(value -> Long.parseLong(value.replaceAll("[^0-9]", "")) * 1024)
            .orElse(0L);
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        field(cpuinfo, "model name").orElse(System.getProperty("os.arch")),
        field(cpuinfo, "cpu MHz").map(Double::parseDouble).orElse(0.0),
        present,
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        tensorFlowVersion,
        memory,
        loadAverage(),
        List.of());
  }

  MachineInfo withEndLoad() {
    return new MachineInfo(
        cores,
        cpuModel,
        cpuMhz,
        vectorFlags,
        kernel,
        jvm,
        tensorFlowVersion,
        memoryBytes,
        loadAverageAtStart,
        loadAverage());
  }

  /**
   * Nominal fp32 peak of all cores, GFLOP/s: cores x clock x FLOP per cycle, where a core with
   * AVX-512 is counted with two 512-bit FMA units (64 FLOP/cycle) and one with AVX2 + FMA with two
   * 256-bit units (32 FLOP/cycle; AMD Zen 2/3 and Intel since Haswell). An estimate: turbo clocks
   * are higher, some AVX-512 parts have one unit and lower AVX-512 clocks.
   */
  double nominalPeakGflops() {
    return cores * cpuMhz / 1000.0 * flopsPerCycle();
  }

  /** FMA FLOP per cycle and core assumed by {@link #nominalPeakGflops()}. */
  int flopsPerCycle() {
    if (vectorFlags.contains("avx512f")) {
      return 64;
    }
    if (vectorFlags.contains("avx2") && vectorFlags.contains("fma")) {
      return 32;
    }
    return 8;
  }

  private static List<Double> loadAverage() {
    List<String> lines = lines(Path.of("/proc/loadavg"));
    if (lines.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(lines.get(0).split("\\s+")).limit(3).map(Double::parseDouble).toList();
  }

  private static Optional<String> field(List<String> lines, String name) {
    return lines.stream()
        .filter(line -> line.startsWith(name) && line.contains(":"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
