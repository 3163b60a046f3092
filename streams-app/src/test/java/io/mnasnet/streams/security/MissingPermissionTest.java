package io.mnasnet.streams.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.streams.config.SettingsResolver;
import io.mnasnet.streams.config.StreamsAppConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class MissingPermissionTest {
  private final StreamsAppConfig config =
      StreamsAppConfig.from(
          SettingsResolver.fromFlags(
              Map.of(
                  "bootstrap.servers", "kafka:9093",
                  "model.dir", "/models/m",
                  "application.id", "classifier",
                  "input.topic", "in",
                  "output.topic", "out",
                  "dlq.topic", "dlq")));

  @Test
  void namesTheOperationTheAppNeedsOnEachOfItsTopics() {
    assertThat(explain(new TopicAuthorizationException(Set.of("in"))))
        .contains("Kafka denied READ on topic 'in' (the input)");
    assertThat(explain(new TopicAuthorizationException(Set.of("out"))))
        .contains("WRITE on topic 'out' (the output)");
    assertThat(explain(new TopicAuthorizationException(Set.of("dlq"))))
        .contains("WRITE on topic 'dlq' (the dead letters)");
    assertThat(explain(new TopicAuthorizationException(Set.of("classifier-store-changelog"))))
        .contains("READ and WRITE on topic 'classifier-store-changelog'")
        .contains("prefix 'classifier-'");
  }

  @Test
  void findsTheDenialBehindKafkaStreamsWrappers() {
    StreamsException creating =
        new StreamsException(
            "Could not create topic classifier-buffer-changelog.",
            new TopicAuthorizationException("Authorization failed."));
    assertThat(explain(new StreamsException("assignment failed", creating)))
        .contains("CREATE on topic 'classifier-buffer-changelog'");
    assertThat(explain(new StreamsException(new GroupAuthorizationException("no", "classifier"))))
        .contains("READ on group 'classifier'");
    assertThat(explain(new StreamsException(new TransactionalIdAuthorizationException("no"))))
        .contains("WRITE on transactional ids with prefix 'classifier-'")
        .contains("deploy/README.md");
  }

  @Test
  void saysNothingAboutOtherErrors() {
    assertThat(MissingPermission.explain(new StreamsException(new TimeoutException("t")), config))
        .isEmpty();
  }

  private String explain(Throwable error) {
    return MissingPermission.explain(error, config).orElseThrow();
  }
}
