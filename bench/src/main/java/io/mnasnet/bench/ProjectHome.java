package io.mnasnet.bench;

import io.mnasnet.cli.CommandFailedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project checkout the benchmarks run from: where {@code bin/mnasnet}, {@code bin/kafka-broker}
 * and {@code bench/pytorch_bench.py} are. {@code bin/mnasnet} passes it as {@code -Dmnasnet.home};
 * tests run from a module directory, so the parents of the working directory are searched too.
 *
 * @param root the checkout's root directory
 */
public record ProjectHome(Path root) {

  /** Finds the checkout (see the class comment). */
  public static ProjectHome locate() {
    String home = System.getProperty("mnasnet.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mnasnet"))) {
      return new ProjectHome(Path.of(home).toAbsolutePath());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("bin/mnasnet"))) {
        return new ProjectHome(dir);
      }
    }
    throw new CommandFailedException(
        "cannot find bin/mnasnet: run the benchmarks through bin/mnasnet from the checkout, or set"
            + " -Dmnasnet.home=DIR");
  }

  public Path launcher() {
    return root.resolve("bin/mnasnet");
  }

  public Path brokerScript() {
    return root.resolve("bin/kafka-broker");
  }

  public Path pytorchScript() {
    return root.resolve("bench/pytorch_bench.py");
  }
}
