package io.mnasnet.trainer.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named tensor of a safetensors file: its element type, its shape and a read-only view of its
 * little-endian bytes. Immutable; the typed accessors return fresh arrays in row-major (C) order.
 */
public final class SafeTensor {
  private final String name;
  private final DType dtype;
  private final long[] shape;
  private final ByteBuffer data;

  /**
   * @param data exactly {@code product(shape) * dtype.byteSize()} bytes, little-endian; its
   *     position..limit is taken as the tensor's content
   * @throws IllegalArgumentException if the data size does not match the shape
   */
  SafeTensor(String name, DType dtype, long[] shape, ByteBuffer data) {
    long expected = Math.multiplyExact(elementCount(shape), dtype.byteSize());
    if (data.remaining() != expected) {
      throw new IllegalArgumentException(
          "tensor '%s' %s%s needs %d bytes, got %d"
              .formatted(name, dtype, Arrays.toString(shape), expected, data.remaining()));
    }
    this.name = name;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  public String name() {
    return name;
  }

  public DType dtype() {
    return dtype;
  }

  /** The dimensions, outermost first; empty for a scalar. */
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public long elementCount() {
    return elementCount(shape);
  }

  /** A read-only little-endian view of the raw bytes (position 0). */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The elements as floats: exact for F32, F16 and BF16; F64 is rounded to the nearest float.
   *
   * @throws IllegalStateException if the tensor is not floating point
   */
  public float[] toFloatArray() {
    int n = arrayLength();
    float[] out = new float[n];
    ByteBuffer in = data();
    switch (dtype) {
      case F32 -> in.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) in.getDouble(i * 8);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.fromF16(in.getShort(i * 2));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.fromBf16(in.getShort(i * 2));
        }
      }
      default -> throw notConvertible("float");
    }
    return out;
  }

  /**
   * The elements as longs: I64, and widened from the smaller integer types (U8 unsigned, BOOL as
   * 0/1).
   *
   * @throws IllegalStateException if the tensor is floating point
   */
  public long[] toLongArray() {
    int n = arrayLength();
    long[] out = new long[n];
    ByteBuffer in = data();
    switch (dtype) {
      case I64 -> in.asLongBuffer().get(out);
      case I32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.getInt(i * 4);
        }
      }
      case I16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.getShort(i * 2);
        }
      }
      case I8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.get(i);
        }
      }
      case U8, BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.get(i) & 0xff;
        }
      }
      default -> throw notConvertible("long");
    }
    return out;
  }

  @Override
  public String toString() {
    return "SafeTensor[%s %s%s]".formatted(name, dtype, Arrays.toString(shape));
  }

  static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  private int arrayLength() {
    long count = elementCount();
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "tensor '%s' has %d elements, too many for a Java array".formatted(name, count));
    }
    return (int) count;
  }

  private IllegalStateException notConvertible(String target) {
    return new IllegalStateException(
        "tensor '%s' is %s, which does not convert to %s".formatted(name, dtype, target));
  }
}
