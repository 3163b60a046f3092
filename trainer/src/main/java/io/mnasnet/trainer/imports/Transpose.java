package io.mnasnet.trainer.imports;

/** Reorders the axes of a row-major tensor, as numpy's {@code transpose(permutation)} does. */
final class Transpose {

  private Transpose() {}

  /**
   * The tensor {@code data} of shape {@code shape} with its axes permuted: output axis {@code i} is
   * input axis {@code permutation[i]}.
   */
  static float[] permute(float[] data, long[] shape, int[] permutation) {
    int rank = shape.length;
    if (permutation.length != rank) {
      throw new IllegalArgumentException(
          "permutation of rank " + permutation.length + " for a tensor of rank " + rank);
    }
    long[] inputStrides = new long[rank];
    long stride = 1;
    for (int axis = rank - 1; axis >= 0; axis--) {
      inputStrides[axis] = stride;
      stride *= shape[axis];
    }
    if (stride != data.length) {
      throw new IllegalArgumentException(
          "shape holds " + stride + " values, the data has " + data.length);
    }
    long[] outputShape = new long[rank];
    long[] strides = new long[rank];
    for (int i = 0; i < rank; i++) {
      outputShape[i] = shape[permutation[i]];
      strides[i] = inputStrides[permutation[i]];
    }
    float[] out = new float[data.length];
    long[] index = new long[rank];
    long source = 0;
    for (int o = 0; o < out.length; o++) {
      out[o] = data[(int) source];
      // Odometer increment of the output index, tracking the matching input offset.
      for (int axis = rank - 1; axis >= 0; axis--) {
        index[axis]++;
        source += strides[axis];
        if (index[axis] < outputShape[axis]) {
          break;
        }
        source -= strides[axis] * outputShape[axis];
        index[axis] = 0;
      }
    }
    return out;
  }
}
