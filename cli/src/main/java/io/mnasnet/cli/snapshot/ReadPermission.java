package io.mnasnet.cli.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Says which grant a reader of topics lacks, from a Kafka authorization error anywhere in a chain
 * of causes: a snapshot needs READ on each topic it reads (READ includes DESCRIBE), and READ on the
 * group when it uses one. Kafka's own message names the resource at best; this names the operation
 * too, as {@code run} does for the app.
 */
final class ReadPermission {

  private ReadPermission() {}

  /**
   * The one-line explanation of {@code error}, if an authorization error caused it.
   *
   * @param topics the topics being read, named when Kafka does not say which one it refused
   * @param group the consumer group, or null
   */
  static Optional<String> explain(Throwable error, List<String> topics, String group) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthorizationException denied) {
        String grant;
        if (denied instanceof TopicAuthorizationException topicDenied) {
          Set<String> refused =
              topicDenied.unauthorizedTopics().isEmpty()
                  ? new TreeSet<>(topics)
                  : new TreeSet<>(topicDenied.unauthorizedTopics());
          grant =
              refused.stream()
                  .map(t -> "READ on topic '" + t + "'")
                  .reduce((a, b) -> a + " and " + b)
                  .orElse("READ on the topics");
        } else if (denied instanceof GroupAuthorizationException groupDenied) {
          grant =
              "READ on group '"
                  + (groupDenied.groupId() != null ? groupDenied.groupId() : group)
                  + "'";
        } else {
          grant = "an operation the read needs (READ on the topics, and on the group if any)";
        }
        return Optional.of(
            "Kafka denied "
                + grant
                + " to this client's principal ("
                + denied.getClass().getSimpleName()
                + ": "
                + denied.getMessage()
                + "). Grant it (deploy/README.md, \"Kafka ACLs\", lists what each command needs)"
                + " and run again; nothing was written.");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}
