package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The secured listener: TLS with the cluster's own CA, SCRAM-SHA-512 logins, and nothing allowed
 * that an ACL does not grant.
 */
class SecuredClusterIT {

  @Test
  void usersLogInOverTlsAndMayDoOnlyWhatTheirAclsGrant() throws Exception {
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().secured().build().start();
        Admin superUser =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      String topic = TestClients.uniqueName("secured");
      kafka.createTopic(topic, 1, (short) 1);
      kafka.addScramUser("writer", "writer-secret");

      Map<String, Object> writer =
          new HashMap<>(kafka.secureClientSettings("writer", "writer-secret"));
      writer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      try (KafkaProducer<String, String> producer =
          TestClients.producer(kafka.secureBootstrapServers(), writer)) {
        assertThatThrownBy(() -> TestClients.sendAndWait(producer, topic, 0, 1))
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }

      AccessControlEntry allowWrite =
          new AccessControlEntry("User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW);
      superUser
          .createAcls(
              List.of(
                  new AclBinding(
                      new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                      allowWrite)))
          .all()
          .get();
      try (KafkaProducer<String, String> producer =
          TestClients.producer(kafka.secureBootstrapServers(), writer)) {
        TestClients.sendAndWait(producer, topic, 0, 10);
      }
      assertThat(
              TestClients.consume(
                  kafka.bootstrapServers(), topic, "read_committed", 10, Duration.ofSeconds(20)))
          .hasSize(10);

      Map<String, Object> wrongPassword =
          new HashMap<>(kafka.secureClientSettings("writer", "nope"));
      wrongPassword.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
      try (KafkaProducer<String, String> producer =
          TestClients.producer(kafka.secureBootstrapServers(), wrongPassword)) {
        assertThatThrownBy(() -> TestClients.sendAndWait(producer, topic, 10, 11))
            .isInstanceOfAny(SaslAuthenticationException.class, ExecutionException.class);
      }
    }
  }
}
