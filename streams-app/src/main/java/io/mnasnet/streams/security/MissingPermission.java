package io.mnasnet.streams.security;

import io.mnasnet.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns a Kafka authorization error, wherever it sits in a chain of causes, into a sentence that
 * names the resource and the operation the app's principal lacks, in the terms of the ACL list of
 * deploy/README.md. Kafka's own messages name the resource at best ("Not authorized to access
 * topics: [x]"), and Kafka Streams wraps them in several layers of StreamsException.
 */
public final class MissingPermission {
  /** Where the minimum ACLs are listed, for the message. */
  public static final String ACL_DOC = "deploy/README.md, \"Kafka ACLs\"";

  /** How Kafka Streams reports a failed creation of an internal topic. */
  private static final Pattern CREATING_TOPIC =
      Pattern.compile("Could not create topic (\\S+?)\\.?$");

  private MissingPermission() {}

  /**
   * The explanation of {@code error}, if an authorization error caused it.
   *
   * @param config the app's topics and application id, to tell which grant is missing
   */
  public static Optional<String> explain(Throwable error, StreamsAppConfig config) {
    String creating = null; // the topic Kafka Streams was creating, if it said so
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      Matcher creation = CREATING_TOPIC.matcher(String.valueOf(cause.getMessage()));
      if (creation.find()) {
        creating = creation.group(1);
      }
      if (cause instanceof AuthorizationException denied) {
        String grant =
            denied instanceof TopicAuthorizationException topics
                    && topics.unauthorizedTopics().isEmpty()
                    && creating != null
                ? "CREATE on topic '"
                    + creating
                    + "' (internal: grant CREATE, READ and WRITE on the prefix '"
                    + config.kafka().applicationId()
                    + "-')"
                : missingGrant(denied, config);
        return Optional.of(
            "Kafka denied "
                + grant
                + " to this app's principal ("
                + denied.getClass().getSimpleName()
                + ": "
                + denied.getMessage()
                + "). Grant it (the minimum ACLs are in "
                + ACL_DOC
                + ") and start the app again: committed work is kept, nothing is lost.");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String missingGrant(AuthorizationException denied, StreamsAppConfig config) {
    String applicationId = config.kafka().applicationId();
    if (denied instanceof TopicAuthorizationException topics) {
      return topicGrants(topics.unauthorizedTopics(), config);
    }
    if (denied instanceof GroupAuthorizationException group) {
      String id = group.groupId() == null ? applicationId : group.groupId();
      return "READ on group '" + id + "'";
    }
    if (denied instanceof TransactionalIdAuthorizationException) {
      return "WRITE on transactional ids with prefix '" + applicationId + "-'";
    }
    if (denied instanceof ClusterAuthorizationException) {
      return "IDEMPOTENT_WRITE on the cluster";
    }
    return "an operation";
  }

  private static String topicGrants(Set<String> unauthorized, StreamsAppConfig config) {
    StreamsAppConfig.TopicSettings topics = config.topics();
    String internalPrefix = config.kafka().applicationId() + "-";
    List<String> grants = new ArrayList<>();
    for (String topic : unauthorized) {
      if (topic.equals(topics.input())) {
        grants.add("READ on topic '" + topic + "' (the input)");
      } else if (topic.equals(topics.output())) {
        grants.add("WRITE on topic '" + topic + "' (the output)");
      } else if (topic.equals(topics.deadLetter())) {
        grants.add("WRITE on topic '" + topic + "' (the dead letters)");
      } else if (topic.startsWith(internalPrefix)) {
        grants.add(
            "READ and WRITE on topic '"
                + topic
                + "' (internal: grant CREATE, READ and WRITE on the prefix '"
                + internalPrefix
                + "')");
      } else {
        grants.add("access to topic '" + topic + "'");
      }
    }
    return grants.isEmpty() ? "access to a topic" : String.join(" and ", grants);
  }
}
