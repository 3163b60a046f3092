package io.mnasnet.trainer.io;

import java.util.Arrays;

/**
 * An n-dimensional array as stored in a NumPy {@code .npy} file: element type, shape and the
 * elements in row-major (C) order. One of four types: {@link DType#F32}, {@link DType#F64}, {@link
 * DType#U8} (held as {@code byte}, read unsigned) and {@link DType#I64}.
 *
 * <p>Immutable: the factories and the accessors copy arrays.
 */
public final class NpyArray {
  private final DType dtype;
  private final long[] shape;
  private final Object data;

  private NpyArray(DType dtype, long[] shape, Object data, int length) {
    long count = SafeTensor.elementCount(shape);
    if (count != length) {
      throw new IllegalArgumentException(
          "shape %s holds %d elements, got %d".formatted(Arrays.toString(shape), count, length));
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data;
  }

  /** A float32 ({@code <f4}) array. */
  public static NpyArray ofFloats(long[] shape, float[] values) {
    return new NpyArray(DType.F32, shape, values.clone(), values.length);
  }

  /** A float64 ({@code <f8}) array. */
  public static NpyArray ofDoubles(long[] shape, double[] values) {
    return new NpyArray(DType.F64, shape, values.clone(), values.length);
  }

  /** A uint8 ({@code |u1}) array; each byte is read as unsigned 0..255. */
  public static NpyArray ofUnsignedBytes(long[] shape, byte[] values) {
    return new NpyArray(DType.U8, shape, values.clone(), values.length);
  }

  /** An int64 ({@code <i8}) array. */
  public static NpyArray ofLongs(long[] shape, long[] values) {
    return new NpyArray(DType.I64, shape, values.clone(), values.length);
  }

  public DType dtype() {
    return dtype;
  }

  /** The dimensions, outermost first; empty for a scalar. */
  public long[] shape() {
    return shape.clone();
  }

  /** The dimensions as ints (every dimension of an array held in memory fits). */
  public int[] intShape() {
    return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
  }

  public int elementCount() {
    return Math.toIntExact(SafeTensor.elementCount(shape));
  }

  /** The float32 elements; throws {@link IllegalStateException} for any other dtype. */
  public float[] floats() {
    return ((float[]) expect(DType.F32)).clone();
  }

  /** The float64 elements; throws {@link IllegalStateException} for any other dtype. */
  public double[] doubles() {
    return ((double[]) expect(DType.F64)).clone();
  }

  /** The uint8 elements as raw bytes; throws {@link IllegalStateException} for any other dtype. */
  public byte[] unsignedBytes() {
    return ((byte[]) expect(DType.U8)).clone();
  }

  /** The int64 elements; throws {@link IllegalStateException} for any other dtype. */
  public long[] longs() {
    return ((long[]) expect(DType.I64)).clone();
  }

  /** The elements of any dtype converted to double (uint8 as 0..255; int64 may round). */
  public double[] toDoubleArray() {
    int n = elementCount();
    double[] out = new double[n];
    switch (dtype) {
      case F32 -> {
        float[] values = (float[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = values[i];
        }
      }
      case F64 -> System.arraycopy(data, 0, out, 0, n);
      case U8 -> {
        byte[] values = (byte[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = values[i] & 0xff;
        }
      }
      case I64 -> {
        long[] values = (long[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = values[i];
        }
      }
      default -> throw new IllegalStateException("unexpected dtype " + dtype);
    }
    return out;
  }

  /** The raw array without copying, for the writer in this package. */
  Object rawData() {
    return data;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NpyArray that
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && Arrays.deepEquals(new Object[] {data}, new Object[] {that.data});
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
        + Arrays.deepHashCode(new Object[] {data});
  }

  @Override
  public String toString() {
    return "NpyArray[%s %s]".formatted(dtype.npyDescr().orElseThrow(), Arrays.toString(shape));
  }

  private Object expect(DType wanted) {
    if (dtype != wanted) {
      throw new IllegalStateException(
          "array is %s, not %s"
              .formatted(dtype.npyDescr().orElseThrow(), wanted.npyDescr().orElseThrow()));
    }
    return data;
  }
}
