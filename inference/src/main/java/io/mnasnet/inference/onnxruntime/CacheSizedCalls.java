package io.mnasnet.inference.onnxruntime;

/**
 * The most images one ONNX Runtime call runs: a part of a batch with more images runs as several
 * calls one after another on its session, each over a slice of the part's input buffer (no copy).
 *
 * <p>Why: a call's activations should stay in the CPU's caches. MnasNet's largest activation is its
 * first expanded layer (48 channels at half the input's side for width 1.0: 12 floats per input
 * pixel), so a call of {@code n} images at 224x224 touches about {@code n} x 2.4 MB in one layer.
 * Measured on the 2-core AMD EPYC (Zen 5) with two single-threaded sessions side by side, one per
 * core (what the engine runs at batch 32): 210-220 images/s per core for calls of 1, 2, 4 and 8
 * images, 166 for calls of 16 (19 MB against 38 MB per layer), and a single-threaded session alone
 * ran 270-280 images/s at 4 against 174-188 at 32 (BENCHMARKS.md, issue 21, "Calls sized to the
 * cache"). The limit sits inside that plateau: {@value #LARGEST_CALL_PIXELS} input pixels per call
 * (5 images at 224x224, 20 at 112, whole batches of up to 256 at 32x32, where a call is too small
 * for the cache to matter and each call's fixed cost would).
 */
final class CacheSizedCalls {

  /** Input pixels (images x height x width) one call runs at most: 2^18. */
  static final int LARGEST_CALL_PIXELS = 1 << 18;

  /** {@link #of(int, int)}'s {@code requested}: let the rule decide. */
  static final int AUTO = 0;

  private CacheSizedCalls() {}

  /**
   * The most images per call for square inputs of {@code imageSize} pixels a side: {@code
   * requested} when positive (a benchmark measuring the rule), else the rule, at least 1.
   */
  static int of(int imageSize, int requested) {
    if (imageSize < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + imageSize);
    }
    if (requested < 0) {
      throw new IllegalArgumentException(
          "images per call must be 0 (automatic) or positive, got " + requested);
    }
    if (requested > 0) {
      return requested;
    }
    long pixels = (long) imageSize * imageSize;
    return (int) Math.max(1, LARGEST_CALL_PIXELS / pixels);
  }
}
