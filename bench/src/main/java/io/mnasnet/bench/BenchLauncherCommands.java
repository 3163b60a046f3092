package io.mnasnet.bench;

import io.mnasnet.cli.LauncherCommands;
import java.util.List;

/** Adds {@code bench} to {@code bin/mnasnet} when the bench jar is on the class path. */
public final class BenchLauncherCommands implements LauncherCommands {

  @Override
  public List<Object> commands() {
    return List.of(new BenchCommand());
  }
}
