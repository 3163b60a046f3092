package io.mnasnet.trainer.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Puts each gradient op of a replicated training graph on the device of the replica it serves.
 *
 * <p>TensorFlow's C++ gradient builder ({@code Graph.addGradients}) creates its ops without a
 * device, and TensorFlow then places every op without a device on the first one: on a GPU host
 * every replica's backward pass would run on {@code GPU:0}. A {@code GraphDef}'s devices can be set
 * before it is imported, so this rewrites them: a gradient op belongs to the replica of its first
 * input that belongs to one (a forward op under {@code replica_<i>/}, or a gradient op already
 * assigned), else to the replica of its first consumer that does; ops of no replica (the shared
 * loss average, the combined BatchNorm statistics) keep no device and land on the first device, the
 * shared one. The same rule Python TensorFlow's {@code colocate_gradients_with_ops} follows through
 * colocation attributes.
 */
final class GradientPlacement {

  private GradientPlacement() {}

  /**
   * @param graph the replicated graph
   * @param gradientPrefix the name prefix its gradient ops were built under
   * @param replicaDevices replica {@code i}'s device string at index {@code i}
   */
  static GraphDef colocate(GraphDef graph, String gradientPrefix, List<String> replicaDevices) {
    GraphDef.Builder builder = graph.toBuilder();
    Map<String, NodeDef.Builder> nodes = new LinkedHashMap<>();
    for (NodeDef.Builder node : builder.getNodeBuilderList()) {
      nodes.put(node.getName(), node);
    }
    Map<String, Integer> replicaOf = new HashMap<>();
    for (NodeDef.Builder node : nodes.values()) {
      int replica = scopeReplica(node.getName(), replicaDevices.size());
      if (replica >= 0) {
        replicaOf.put(node.getName(), replica);
      }
    }
    String prefix = gradientPrefix + "/";
    List<NodeDef.Builder> gradients = new ArrayList<>();
    for (NodeDef.Builder node : nodes.values()) {
      if (node.getName().startsWith(prefix) && node.getDevice().isEmpty()) {
        gradients.add(node);
      }
    }
    // inputs first: the node order is the creation order, so a node's inputs come before it
    for (NodeDef.Builder node : gradients) {
      for (String input : node.getInputList()) {
        Integer replica = replicaOf.get(producer(input));
        if (replica != null && !input.startsWith("^")) {
          replicaOf.put(node.getName(), replica);
          break;
        }
      }
    }
    // then consumers, for what reads only shared values (constants, shapes of shared tensors)
    Map<String, List<String>> consumers = new HashMap<>();
    for (NodeDef.Builder node : nodes.values()) {
      for (String input : node.getInputList()) {
        if (!input.startsWith("^")) {
          consumers.computeIfAbsent(producer(input), k -> new ArrayList<>()).add(node.getName());
        }
      }
    }
    for (int i = gradients.size() - 1; i >= 0; i--) {
      NodeDef.Builder node = gradients.get(i);
      if (replicaOf.containsKey(node.getName())) {
        continue;
      }
      for (String consumer : consumers.getOrDefault(node.getName(), List.of())) {
        Integer replica = replicaOf.get(consumer);
        if (replica != null) {
          replicaOf.put(node.getName(), replica);
          break;
        }
      }
    }
    for (NodeDef.Builder node : gradients) {
      Integer replica = replicaOf.get(node.getName());
      if (replica != null) {
        node.setDevice(replicaDevices.get(replica));
      }
    }
    return builder.build();
  }

  /** {@code replica_<i>/...} gives i; anything else -1. */
  static int scopeReplica(String name, int replicas) {
    if (!name.startsWith(TrainingGraph.REPLICA_SCOPE)) {
      return -1;
    }
    int slash = name.indexOf('/');
    if (slash < 0) {
      return -1;
    }
    try {
      int replica = Integer.parseInt(name.substring(TrainingGraph.REPLICA_SCOPE.length(), slash));
      return replica < replicas ? replica : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The op an input string refers to: {@code ^name} or {@code name:k} to {@code name}. */
  private static String producer(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.lastIndexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
