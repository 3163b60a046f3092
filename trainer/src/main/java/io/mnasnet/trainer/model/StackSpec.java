package io.mnasnet.trainer.model;

/**
 * One row of the MnasNet table: a stack of {@code repeats} inverted residual blocks. The first
 * block changes width and resolution; the others keep them and add a skip connection.
 *
 * @param depth output channels at width 1.0 (scaled by the width multiplier)
 * @param kernelSize depthwise kernel: 3 or 5
 * @param stride stride of the first block: 1 or 2
 * @param expansion expansion factor of every block
 * @param repeats number of blocks
 */
public record StackSpec(int depth, int kernelSize, int stride, int expansion, int repeats) {

  public StackSpec {
    if (repeats < 1) {
      throw new IllegalArgumentException("a stack needs at least one block, got " + repeats);
    }
  }
}
