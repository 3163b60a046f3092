package io.mnasnet.trainer.model;

/** Which behaviour a graph is built for; fixed at graph-build time. */
public enum Mode {
  /**
   * BatchNorm normalises with the batch's statistics and produces moving-statistics updates;
   * dropout is active.
   */
  TRAINING,
  /** BatchNorm uses the moving statistics; dropout is the identity. */
  INFERENCE
}
