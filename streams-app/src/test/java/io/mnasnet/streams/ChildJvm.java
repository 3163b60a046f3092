package io.mnasnet.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a {@code main} class of the test class path in a JVM of its own, so that a test can kill
 * it (SIGKILL) or stop it (SIGTERM) like a real deployment. Output and errors go to a log file.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * @param main the class whose {@code main} to run
   * @param args its arguments
   * @param environment variables added to this JVM's environment
   * @param log file for stdout and stderr (its folder is created)
   */
  public static Process start(
      Class<?> main, List<String> args, Map<String, String> environment, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }
}
