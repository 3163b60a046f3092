package io.mnasnet.cli;

import java.util.List;

/**
 * Commands that a jar beside the product adds to {@code bin/mnasnet} when it is on the class path,
 * found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.mnasnet.cli.LauncherCommands} file in that jar). This is how the benchmarks
 * ({@code bench/}) reach the launcher without the product jar or its image carrying them.
 */
public interface LauncherCommands {

  /** picocli command objects (or annotated classes) to add as subcommands of {@code mnasnet}. */
  List<Object> commands();
}
