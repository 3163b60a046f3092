package io.mnasnet.trainer.cli;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import picocli.CommandLine.Option;

/** The {@code --device} and thread options shared by every command that runs a model. */
public final class RuntimeOptionsMixin {

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu|auto",
      defaultValue = "auto",
      converter = DeviceConverter.class,
      description =
          "Where to run: cpu; gpu (/GPU:0, fails at start if TensorFlow sees no GPU: needs the"
              + " -Pgpu build with CUDA 12 + cuDNN 9); auto (GPU if visible, else CPU, logged)."
              + " Default: ${DEFAULT-VALUE}.")
  Device device;

  @Option(
      names = "--intra-op-threads",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Threads inside one TensorFlow op; 0 = TensorFlow's default (one per core). Only the"
              + " first Session of a process sets it. Default: ${DEFAULT-VALUE}.")
  int intraOpThreads;

  @Option(
      names = "--inter-op-threads",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "TensorFlow ops run in parallel; 0 = TensorFlow's default. Only the first Session of a"
              + " process sets it. Default: ${DEFAULT-VALUE}.")
  int interOpThreads;

  @Option(
      names = "--inference-shards",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Parts each inference batch is split into, run side by side as concurrent Session"
              + " calls, each op on one thread unless --intra-op-threads says otherwise; 0 = one"
              + " per core (cores / intra-op threads); 1 = no split. Measured 1.2-2x faster than"
              + " TensorFlow's own threading on a CPU. Not used by training."
              + " Default: ${DEFAULT-VALUE}.")
  int inferenceShards;

  @Option(
      names = "--gpu-memory-fraction",
      paramLabel = "F",
      defaultValue = "0",
      description =
          "On a GPU, the share of its memory this process reserves up front, in (0, 1]; 0 ="
              + " start small and grow as needed. Either way the process does not take the whole"
              + " GPU, so several can share one. Default: ${DEFAULT-VALUE}.")
  double gpuMemoryFraction;

  /**
   * The options as a typed value.
   *
   * @throws IllegalArgumentException if a value is out of range, saying which
   */
  public RuntimeOptions toOptions() {
    return new RuntimeOptions(
        device, intraOpThreads, interOpThreads, inferenceShards, gpuMemoryFraction);
  }

  /** Accepts {@code cpu}, {@code gpu}, {@code auto} in any case. */
  static final class DeviceConverter implements picocli.CommandLine.ITypeConverter<Device> {
    @Override
    public Device convert(String value) {
      try {
        return Device.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a device: use cpu, gpu or auto");
      }
    }
  }
}
