package io.mnasnet.inference.image;

/**
 * The most one image may cost to judge and decode, stated per pixel of the {@link ImageSizeLimit}
 * it is decoded under: the limit is what bounds a decoder's work (and a progressive JPEG's scans,
 * capped), so a budget per pixel of the limit holds for every input, however its bytes are made.
 * Measured on the calling thread ({@link io.mnasnet.inference.cost.ThreadCost}).
 *
 * <ul>
 *   <li>CPU: {@value #FIXED_CPU_MILLIS} ms plus {@value #CPU_NANOS_PER_PIXEL} ns per pixel of the
 *       limit. The worst inputs built for the tests (a 16-bit RGBA PNG of zeros that inflates
 *       1000x, a PNG one pixel wide) cost the JDK's decoder about 90 ns per pixel on a 2-core AMD
 *       EPYC; the fixed part covers a decoder's first use (class loading, JIT).
 *   <li>Heap: {@value #FIXED_MEGABYTES} MB plus {@value #BYTES_PER_PIXEL} bytes per pixel of the
 *       limit (a 16-bit RGBA raster is 8 bytes per pixel, its RGB copy 4 + 3).
 * </ul>
 *
 * At the default limit (4096 x 4096) that is 4.4 s and 576 MB: the pixel limit is the lever, and a
 * deployment that receives small images lowers it ({@code max.image.pixels}).
 */
public final class DecodeBudget {
  public static final long FIXED_CPU_MILLIS = 250;
  public static final long CPU_NANOS_PER_PIXEL = 250;
  public static final long FIXED_MEGABYTES = 64;
  public static final long BYTES_PER_PIXEL = 32;

  private DecodeBudget() {}

  /** CPU nanoseconds one image may cost under {@code limit}. */
  public static long cpuNanos(ImageSizeLimit limit) {
    return FIXED_CPU_MILLIS * 1_000_000 + CPU_NANOS_PER_PIXEL * limit.maxPixels();
  }

  /** Heap bytes one image may allocate under {@code limit}. */
  public static long heapBytes(ImageSizeLimit limit) {
    return FIXED_MEGABYTES * 1024 * 1024 + BYTES_PER_PIXEL * limit.maxPixels();
  }
}
