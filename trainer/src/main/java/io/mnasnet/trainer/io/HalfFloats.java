package io.mnasnet.trainer.io;

/** Widening conversions from the 16-bit float formats to {@code float} (exact, no rounding). */
final class HalfFloats {
  private HalfFloats() {}

  /** IEEE 754 binary16 to float, including subnormals, infinities and NaN. */
  static float fromF16(short bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      // infinity or NaN: keep the payload
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: value = mantissa * 2^-24, exactly representable as a float
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
  }

  /** bfloat16 is the upper half of a float32. */
  static float fromBf16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
