package io.mnasnet.inference.engine;

/** The runtimes that can compute a model. */
public enum Engine {
  /** TensorFlow Java on the SavedModel: the trainer's runtime and the GPU path. */
  TENSORFLOW("tensorflow"),
  /** ONNX Runtime on the version's {@code model.onnx}: the faster one on a CPU. */
  ONNX_RUNTIME("onnxruntime");

  private final String id;

  Engine(String id) {
    this.id = id;
  }

  /** The name users write ({@code --engine tensorflow}) and metrics and logs show. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
