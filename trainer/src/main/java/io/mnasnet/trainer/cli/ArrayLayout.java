package io.mnasnet.trainer.cli;

import io.mnasnet.trainer.io.DType;
import io.mnasnet.trainer.io.NpyArray;
import java.util.Arrays;

/** Brings a 4-D image batch read from {@code .npy} into the model's NHWC layout. */
final class ArrayLayout {

  private ArrayLayout() {}

  /**
   * {@code array} as NHWC floats, checked against the model's input size.
   *
   * @param layout {@code nchw}, {@code nhwc} or {@code auto} (the axis of size 3)
   * @throws IllegalArgumentException saying what shape was expected
   */
  static float[] toNhwc(NpyArray array, String layout, int size) {
    long[] shape = array.shape();
    if (array.dtype() != DType.F32 || shape.length != 4) {
      throw new IllegalArgumentException(
          "--npy must be a float32 4-D array [N,3,S,S] or [N,S,S,3], got "
              + array.dtype()
              + " "
              + Arrays.toString(shape));
    }
    String resolved = layout.equals("auto") ? detect(shape) : layout;
    boolean nchw;
    switch (resolved) {
      case "nchw" -> nchw = true;
      case "nhwc" -> nchw = false;
      default ->
          throw new IllegalArgumentException(
              "--layout must be nchw, nhwc or auto, got '" + layout + "'");
    }
    long channels = nchw ? shape[1] : shape[3];
    long height = nchw ? shape[2] : shape[1];
    long width = nchw ? shape[3] : shape[2];
    if (channels != 3 || height != size || width != size) {
      throw new IllegalArgumentException(
          "--npy has shape "
              + Arrays.toString(shape)
              + " ("
              + resolved
              + "), the model expects "
              + (nchw ? "[N,3," + size + "," + size + "]" : "[N," + size + "," + size + ",3]"));
    }
    float[] values = array.floats();
    if (!nchw) {
      return values;
    }
    int n = (int) shape[0];
    float[] nhwc = new float[values.length];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            nhwc[((i * size + y) * size + x) * 3 + c] = values[((i * 3 + c) * size + y) * size + x];
          }
        }
      }
    }
    return nhwc;
  }

  private static String detect(long[] shape) {
    boolean first = shape[1] == 3;
    boolean last = shape[3] == 3;
    if (first == last) {
      throw new IllegalArgumentException(
          "cannot tell the layout of shape " + Arrays.toString(shape) + ": pass --layout");
    }
    return first ? "nchw" : "nhwc";
  }
}
