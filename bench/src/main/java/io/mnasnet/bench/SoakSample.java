package io.mnasnet.bench;

/**
 * One sample of a soak: the app's resident memory and work so far.
 *
 * @param seconds since the load started
 * @param rssBytes the app's VmRSS
 * @param sent images sent so far
 * @param predicted predictions a read_committed consumer has seen so far
 * @param appCpuMs the app's CPU time (user + system) since the load started
 */
record SoakSample(double seconds, long rssBytes, long sent, long predicted, double appCpuMs) {

  static String tsvHeader() {
    return "seconds\trss_mib\tsent\tpredicted\tapp_cpu_s";
  }

  String tsv() {
    return String.format(
        java.util.Locale.ROOT,
        "%.1f\t%.1f\t%d\t%d\t%.1f",
        seconds,
        rssBytes / (1024.0 * 1024.0),
        sent,
        predicted,
        appCpuMs / 1000.0);
  }
}
