package io.mnasnet.trainer.io;

import java.util.Optional;

/**
 * Element types of the tensors this package reads and writes, with their names in the two file
 * formats: safetensors ({@code "F32"}) and NumPy {@code .npy} ({@code "<f4"}). Multi-byte types are
 * little-endian in both formats.
 */
public enum DType {
  BOOL("BOOL", null, 1, false),
  U8("U8", "|u1", 1, false),
  I8("I8", null, 1, false),
  I16("I16", null, 2, false),
  I32("I32", null, 4, false),
  I64("I64", "<i8", 8, false),
  F16("F16", null, 2, true),
  BF16("BF16", null, 2, true),
  F32("F32", "<f4", 4, true),
  F64("F64", "<f8", 8, true);

  private final String safetensorsName;
  private final String npyDescr;
  private final int byteSize;
  private final boolean floatingPoint;

  DType(String safetensorsName, String npyDescr, int byteSize, boolean floatingPoint) {
    this.safetensorsName = safetensorsName;
    this.npyDescr = npyDescr;
    this.byteSize = byteSize;
    this.floatingPoint = floatingPoint;
  }

  /** The name in a safetensors header, e.g. {@code F32}. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** The NumPy type descriptor, e.g. {@code <f4}; empty where .npy support is not provided. */
  public Optional<String> npyDescr() {
    return Optional.ofNullable(npyDescr);
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The type named {@code name} in a safetensors header, if supported. */
  public static Optional<DType> fromSafetensorsName(String name) {
    for (DType type : values()) {
      if (type.safetensorsName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The type with NumPy descriptor {@code descr} (e.g. {@code <f4}), if supported. */
  public static Optional<DType> fromNpyDescr(String descr) {
    for (DType type : values()) {
      if (descr.equals(type.npyDescr)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
