package io.mnasnet.trainer.promote;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints the candidate and the served version side by side: top-1, top-5 and top-1 per true class,
 * on the same held-out images, with the change in percentage points.
 */
final class PromotionReport {
  private final PrintStream out;

  PromotionReport(PrintStream out) {
    this.out = out;
  }

  void print(
      HeldOutImages images,
      List<String> candidateClasses,
      ModelScore candidate,
      int servedVersion,
      ModelScore served) {
    out.println("Scored on " + images.size() + " " + images.description() + ":");
    String servedHeader = served == null ? "(none served)" : "served v" + servedVersion;
    out.printf(Locale.ROOT, "  %-24s %11s %13s %9s%n", "", "candidate", servedHeader, "change");
    row("top-1", candidate.top1Accuracy(), served == null ? Double.NaN : served.top1Accuracy());
    row("top-5", candidate.top5Accuracy(), served == null ? Double.NaN : served.top5Accuracy());
    Set<String> classes = new LinkedHashSet<>(candidateClasses);
    classes.addAll(candidate.perClass().keySet());
    out.println("  top-1 per class (images):");
    for (String name : classes) {
      long count = candidate.classImages(name);
      if (count == 0) {
        continue;
      }
      row(
          "  " + shorten(name, 14) + " (" + count + ")",
          candidate.classAccuracy(name),
          served == null ? Double.NaN : served.classAccuracy(name));
    }
    if (candidate.failed() > 0 || (served != null && served.failed() > 0)) {
      out.printf(
          Locale.ROOT,
          "  images a model could not decode (counted wrong): candidate %d, served %d%n",
          candidate.failed(),
          served == null ? 0 : served.failed());
    }
  }

  private void row(String name, double candidate, double served) {
    out.printf(
        Locale.ROOT,
        "  %-24s %10.2f%% %12s %9s%n",
        name,
        100 * candidate,
        Double.isNaN(served) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * served),
        Double.isNaN(served)
            ? ""
            : String.format(Locale.ROOT, "%+.2f", 100 * (candidate - served)));
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
