package io.mnasnet.inference.onnxruntime;

/**
 * Whether a model gets a session with an intra-op thread pool across the cores for calls with fewer
 * images than batch parts (one image on 2 cores), or runs them on its single-threaded part sessions
 * like any other call.
 *
 * <p>Why: sharing one image's ops between threads pays only when each op has enough work to share.
 * Measured on the 2-core AMD EPYC (BENCHMARKS.md, issue 21, "One image"): at 224x224 the pooled
 * session ran one image at 400-460 images/s against 251-261 on one single-threaded session; at
 * 32x32 a single-threaded session ran 10,900-12,600 images/s steadily at 80-105 microseconds of CPU
 * per image, while a two-thread pool (the engine's pooled session and ONNX Runtime called directly
 * alike) flipped between ~5,500 and ~12,000 images/s from run to run at 160-410 microseconds: its
 * threads spin and synchronise on ops that take microseconds. The limit, {@value
 * #SMALLEST_POOLED_PIXELS} input pixels (128x128), lies between the two measured sizes; sizes in
 * between were not measured.
 */
final class PooledSessionRule {

  /** The smallest input, in pixels per image, for which a pooled session is opened: 2^14. */
  static final int SMALLEST_POOLED_PIXELS = 1 << 14;

  private PooledSessionRule() {}

  /**
   * Whether one image of {@code imageSize} x {@code imageSize} pixels is worth a pooled session.
   */
  static boolean pays(int imageSize) {
    return (long) imageSize * imageSize >= SMALLEST_POOLED_PIXELS;
  }
}
