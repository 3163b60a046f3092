package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process, read from {@code /proc/PID/status} (Linux). */
final class ProcessMemory {

  private ProcessMemory() {}

  /** VmRSS of {@code pid} in bytes, or 0 when it cannot be read (process gone, not Linux). */
  static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** VmRSS of this JVM in bytes. */
  static long ownResidentBytes() {
    return residentBytes(ProcessHandle.current().pid());
  }
}
