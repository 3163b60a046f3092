package io.mnasnet.inference.runtime;

/** Where TensorFlow should run a model. */
public enum Device {
  /** CPU only; GPUs, if any, are hidden from TensorFlow. */
  CPU,
  /** The first GPU ({@code /GPU:0}); fails at start if TensorFlow sees none. */
  GPU,
  /** The first GPU if TensorFlow sees one, else the CPU (logged once). */
  AUTO
}
