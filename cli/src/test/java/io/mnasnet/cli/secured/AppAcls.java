package io.mnasnet.cli.secured;

import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The minimum ACLs of deploy/README.md ("Kafka ACLs"), as bindings: what the streaming app, {@code
 * produce} and {@code consume} need and nothing more. The tests grant exactly these.
 */
final class AppAcls {
  private AppAcls() {}

  /** One grant, with the words the app's error message must use for it when it is missing. */
  record Grant(AclBinding binding, String operation, String resource) {
    /** Whether the app needs this only to restore its buffer (READ on its internal topics). */
    boolean restoreOnly() {
      return binding.pattern().patternType() == PatternType.PREFIXED
          && binding.pattern().resourceType() == ResourceType.TOPIC
          && binding.entry().operation() == AclOperation.READ;
    }

    static Grant of(
        String principal,
        ResourceType type,
        String name,
        PatternType pattern,
        AclOperation operation) {
      AclBinding binding =
          new AclBinding(
              new ResourcePattern(type, name, pattern),
              new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
      return new Grant(binding, operation.name(), name);
    }

    @Override
    public String toString() {
      ResourcePattern pattern = binding.pattern();
      return operation
          + " on "
          + pattern.resourceType()
          + " "
          + pattern.name()
          + (pattern.patternType() == PatternType.PREFIXED ? "*" : "");
    }
  }

  /** The streaming app of {@code applicationId} reading {@code input}, writing the other two. */
  static List<Grant> streamingApp(
      String principal, String applicationId, String input, String output, String deadLetter) {
    String internal = applicationId + "-";
    // CREATE first: it is needed only until the internal topics exist, so a test that removes one
    // grant at a time must try it before any start has created them
    return List.of(
        Grant.of(
            principal, ResourceType.TOPIC, internal, PatternType.PREFIXED, AclOperation.CREATE),
        Grant.of(principal, ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.READ),
        Grant.of(principal, ResourceType.TOPIC, output, PatternType.LITERAL, AclOperation.WRITE),
        Grant.of(
            principal, ResourceType.TOPIC, deadLetter, PatternType.LITERAL, AclOperation.WRITE),
        Grant.of(
            principal, ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ),
        Grant.of(
            principal,
            ResourceType.TRANSACTIONAL_ID,
            internal,
            PatternType.PREFIXED,
            AclOperation.WRITE),
        Grant.of(principal, ResourceType.TOPIC, internal, PatternType.PREFIXED, AclOperation.READ),
        Grant.of(
            principal, ResourceType.TOPIC, internal, PatternType.PREFIXED, AclOperation.WRITE));
  }

  /** {@code mnasnet produce} to {@code topic}. */
  static List<Grant> producer(String principal, String topic) {
    return List.of(
        Grant.of(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
  }

  /**
   * {@code mnasnet train --from-kafka topic} (assigned partitions): READ on the topic, and READ on
   * the group of {@code --group}, if any.
   */
  static List<Grant> trainer(String principal, String topic, String group) {
    Grant read =
        Grant.of(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
    return group == null
        ? List.of(read)
        : List.of(
            read,
            Grant.of(principal, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
  }

  /** {@code mnasnet consume} of {@code topic} (assigned partitions, no group). */
  static List<Grant> consumer(String principal, String topic) {
    return List.of(
        Grant.of(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
  }
}
