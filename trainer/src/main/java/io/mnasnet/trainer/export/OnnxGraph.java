package io.mnasnet.trainer.export;

import com.google.protobuf.ByteString;
import io.mnasnet.trainer.export.onnx.AttributeProto;
import io.mnasnet.trainer.export.onnx.GraphProto;
import io.mnasnet.trainer.export.onnx.NodeProto;
import io.mnasnet.trainer.export.onnx.TensorProto;
import io.mnasnet.trainer.export.onnx.TensorShapeProto;
import io.mnasnet.trainer.export.onnx.TypeProto;
import io.mnasnet.trainer.export.onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The protobuf plumbing of an ONNX graph, so that {@link OnnxExporter} reads as the network it
 * writes: nodes appended in topological order (each with a unique name and output), float
 * initializers, float32 inputs and outputs whose first dimension may be symbolic.
 */
final class OnnxGraph {

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A float32 graph input; a negative dimension is the symbolic batch dimension {@code N}. */
  void input(String name, long... dims) {
    graph.addInput(valueInfo(name, dims));
  }

  /** A float32 graph output (the name of a node's output). */
  void output(String name, long... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  /**
   * A float32 constant, little-endian in {@code raw_data}.
   *
   * @return its name, to use as a node input
   */
  String initializer(String name, long[] dims, float[] values) {
    long elements = 1;
    for (long d : dims) {
      elements *= d;
    }
    if (elements != values.length) {
      throw new IllegalArgumentException(
          name + ": " + values.length + " values for " + elements + " elements");
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(unique(name))
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      tensor.addDims(d);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /**
   * Appends a node whose single output is named {@code output}.
   *
   * @return {@code output}, the next node's input
   */
  String node(String opType, String output, List<String> inputs, AttributeProto... attributes) {
    NodeProto.Builder node =
        NodeProto.newBuilder().setOpType(opType).setName(unique(output)).addOutput(output);
    node.addAllInput(inputs);
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return output;
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      attribute.addInts(v);
    }
    return attribute.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  GraphProto build() {
    return graph.build();
  }

  private String unique(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("two nodes or initializers named '" + name + "'");
    }
    return name;
  }

  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(
          d < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT_VALUE)
                    .setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }
}
