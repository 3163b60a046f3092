package io.mnasnet.streams.webview;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a web view nobody watches costs per prediction, now that each card keeps its image's bytes
 * (no decoding until a page asks): the CPU of {@link LiveView#predicted} on the calling ("stream")
 * thread and of the view's own thread, per event, fed in batches of 32 at about 3,200 events/s
 * (faster than the pipeline classifies), for a 28x28 PNG and a 230 KB camera-sized JPEG. Not part
 * of the build: {@code mvn -pl streams-app -am test -Dtest=UnwatchedViewCostBench
 * -Dmnasnet.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mnasnet.bench", matches = "true")
class UnwatchedViewCostBench {
  private static final int EVENTS = Integer.getInteger("mnasnet.bench.events", 64_000);
  private static final int ROUNDS = Integer.getInteger("mnasnet.bench.rounds", 3);

  @Test
  void cpuPerEventOfAnUnwatchedView() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] png = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);
    byte[] photo = photo();
    System.out.printf(Locale.ROOT, "unwatched view: photo %d bytes%n", photo.length);
    for (int round = 1; round <= ROUNDS; round++) {
      for (byte[] image : new byte[][] {png, photo}) {
        try (LiveView view = new LiveView(Clock.systemUTC())) {
          long worker = threadId(LiveView.THREAD_NAME);
          long workerBefore = threads.getThreadCpuTime(worker);
          long callerNanos = 0;
          for (int i = 0; i < EVENTS; i += 32) {
            long start = threads.getCurrentThreadCpuTime();
            for (int j = 0; j < 32; j++) {
              view.predicted(
                  TestPredictions.of(
                      "bench-" + (i + j), (i + j) % 10, "1", 5, System.currentTimeMillis()),
                  image);
            }
            callerNanos += threads.getCurrentThreadCpuTime() - start;
            Thread.sleep(10);
          }
          Thread.sleep(1_000); // the last pass
          long workerNanos = threads.getThreadCpuTime(worker) - workerBefore;
          System.out.printf(
              Locale.ROOT,
              "unwatched view: round %d, %s: caller %.2f us/event, view thread %.2f us/event,"
                  + " %d events missed, %.1f MiB held%n",
              round,
              image == png ? "28x28 PNG" : "photo JPEG",
              callerNanos / 1e3 / EVENTS,
              workerNanos / 1e3 / EVENTS,
              view.snapshot(0).totals().missed(),
              view.heldImageBytes() / 1048576.0);
        }
      }
    }
  }

  private static long threadId(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getId();
  }

  /** A 1280x960 JPEG of noise at quality 0.9, about a camera photo shrunk by produce. */
  private static byte[] photo() {
    byte[] pixels = new byte[1280 * 960 * 3];
    new java.util.Random(1).nextBytes(pixels);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((pixels[i] & 0x1f) + (i / 3 % 1280) / 8); // some smooth structure
    }
    return ImageEncoding.encodeJpeg(DecodedImage.rgb(1280, 960, pixels), 0.9f);
  }
}
