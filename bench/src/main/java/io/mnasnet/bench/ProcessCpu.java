package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time from {@code /proc/PID/stat}: {@code utime + stime} (fields 14 and 15), in
 * clock ticks of 10 ms (Linux's {@code USER_HZ}, 100 on every mainstream architecture). CPU time
 * per image removes from a figure the other processes sharing the cores (the broker, the load
 * generator, other builds), which wall-clock rates cannot.
 */
final class ProcessCpu {

  /** Linux's USER_HZ: the unit of {@code /proc/PID/stat}'s times. */
  static final int TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** User + system CPU of process {@code pid} so far, milliseconds. */
  static double cpuMs(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name (field 2) is in parentheses and may contain spaces: count from after it
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12]
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 1000.0 / TICKS_PER_SECOND;
  }
}
