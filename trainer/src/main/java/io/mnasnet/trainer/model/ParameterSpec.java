package io.mnasnet.trainer.model;

import java.util.Arrays;

/**
 * One parameter tensor of the network, named after torchvision's {@code state_dict} key (e.g.
 * {@code layers.8.0.layers.3.weight}), so that imports, exports and checkpoints map one to one.
 *
 * @param name the {@code state_dict} key, also the TensorFlow variable name
 * @param role what the tensor is for
 * @param torchShape the shape in PyTorch's layout
 */
public record ParameterSpec(String name, ParameterRole role, long[] torchShape) {

  public ParameterSpec {
    torchShape = torchShape.clone();
  }

  /** The shape in PyTorch's layout. */
  @Override
  public long[] torchShape() {
    return torchShape.clone();
  }

  /** The shape in TensorFlow's layout (HWIO kernels, {@code [in,out]} matrices). */
  public long[] tensorFlowShape() {
    int[] permutation = role.torchToTensorFlowPermutation();
    long[] shape = new long[torchShape.length];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = torchShape[permutation[i]];
    }
    return shape;
  }

  /** Number of scalars. */
  public long elements() {
    long n = 1;
    for (long d : torchShape) {
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec p
        && name.equals(p.name)
        && role == p.role
        && Arrays.equals(torchShape, p.torchShape);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + role.hashCode()) + Arrays.hashCode(torchShape);
  }

  @Override
  public String toString() {
    return name + " " + role + " " + Arrays.toString(torchShape);
  }
}
