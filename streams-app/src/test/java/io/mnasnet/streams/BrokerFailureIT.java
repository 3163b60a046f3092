package io.mnasnet.streams;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through broker failures, on a cluster of its own: 3 brokers, replication factor 3
 * and {@code min.insync.replicas=2} for every topic the app uses. While images stream in, the test
 * crashes a broker that leads input partitions, then the broker that is the transaction coordinator
 * of the app's producer, then the whole cluster for 30 s; every image must come out exactly once
 * (read_committed) each time, with the app recovering by itself.
 *
 * <p>A crash here is an in-process stop without controlled shutdown that also removes the clean
 * shutdown marker ({@link EmbeddedKafkaCluster#stopBroker}): clients see the connections drop, the
 * controller fences the broker after its session timeout, and the restart runs log recovery, as
 * after {@code kill -9}. What it cannot show is the loss of unflushed page cache (a power cut),
 * which Kafka covers by replication, not fsync.
 */
class BrokerFailureIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final int IMAGES_PER_SCENARIO = 120;
  private static final String TRANSACTION_STATE = "__transaction_state";

  private static EmbeddedKafkaCluster cluster;
  private static Admin admin;
  private static String allBrokers;

  @TempDir Path work;

  @BeforeAll
  static void startCluster() {
    cluster =
        EmbeddedKafkaCluster.builder()
            .brokers(3)
            .brokerProperty("min.insync.replicas", "2")
            .build()
            .start();
    allBrokers = cluster.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, allBrokers));
  }

  @AfterAll
  static void stopCluster() {
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyImageIsPredictedExactlyOnceThroughBrokerCoordinatorAndClusterLoss() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "brokers", 3, (short) 3);
    Path modelRoot = TestModels.modelDir(Files.createDirectories(work.resolve("model")), 1);
    StreamsAppConfig config =
        KafkaTestSupport.appConfig(
            cluster, topics, modelRoot, Files.createDirectories(work.resolve("state")));
    String applicationId = config.kafka().applicationId();
    List<LabelledPng> images = TestImages.fashionMnist(3 * IMAGES_PER_SCENARIO, "brokers");

    try (StreamingClassifierApp app = KafkaTestSupport.startApp(config, TIMEOUT)) {
      assertMinInsyncReplicasTwo(topics, applicationId);
      String transactionalId = awaitTransactionalId(applicationId);
      int coordinator = moveCoordinatorOffNodeZero(transactionalId);
      int leaderVictim = 3 - coordinator; // the other plain broker (nodes 1 and 2)

      // 1. a broker that leads input partitions crashes mid-stream and comes back later
      assertThat(leadersOf(topics.input())).contains(leaderVictim);
      runScenario(
          "broker-loss",
          topics,
          images.subList(0, IMAGES_PER_SCENARIO),
          () -> {
            cluster.stopBroker(leaderVictim);
            Thread.sleep(10_000);
            cluster.startBroker(leaderVictim);
          });
      awaitFullIsr(topics);

      // 2. the transaction coordinator of the app's producer crashes mid-stream
      assertThat(coordinatorOf(transactionalId)).isEqualTo(coordinator);
      runScenario(
          "coordinator-loss",
          topics,
          images.subList(IMAGES_PER_SCENARIO, 2 * IMAGES_PER_SCENARIO),
          () -> {
            cluster.stopBroker(coordinator);
            await(
                "a new coordinator for " + transactionalId,
                TIMEOUT,
                () -> coordinatorOf(transactionalId) != coordinator);
            Thread.sleep(5_000);
            cluster.startBroker(coordinator);
          });
      awaitFullIsr(topics);

      // 3. every broker is down for 30 s; the app must wait and carry on by itself
      runScenario(
          "cluster-outage",
          topics,
          images.subList(2 * IMAGES_PER_SCENARIO, 3 * IMAGES_PER_SCENARIO),
          () -> {
            cluster.stopAllBrokers();
            Thread.sleep(OUTAGE.toMillis());
            cluster.startAllBrokers();
          });
      await("the app running again", TIMEOUT, () -> app.health().ready());
    }
  }

  /** A fault that happens while images stream in. */
  private interface Fault {
    void happen() throws Exception;
  }

  /**
   * Streams {@code images} into the input at about 40 per second, lets {@code fault} happen after
   * the first third, then checks that each image was predicted exactly once.
   */
  private void runScenario(
      String scenario, TestTopics topics, List<LabelledPng> images, Fault fault) throws Exception {
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(allBrokers)) {
                List<Future<?>> acks = new ArrayList<>();
                for (ProducerRecord<byte[], byte[]> record :
                    KafkaTestSupport.imageRecords(topics.input(), images, ImageEventFormat.RAW)) {
                  acks.add(producer.send(record));
                  Thread.sleep(25);
                }
                for (Future<?> ack : acks) {
                  ack.get();
                }
              } catch (Exception e) {
                throw new IllegalStateException("sending failed", e);
              }
            });
    Thread.sleep(images.size() * 25L / 3);
    System.out.printf("%s: the fault happens%n", scenario);
    fault.happen();
    sending.get();

    Set<String> ids = Set.copyOf(KafkaTestSupport.ids(images));
    await(
        scenario + ": all " + ids.size() + " images predicted",
        TIMEOUT,
        () -> Set.copyOf(predictedKeys(topics, ids, Duration.ofSeconds(1))).equals(ids));
    List<String> predicted = predictedKeys(topics, ids, Duration.ofSeconds(3));
    List<String> deadLettered =
        KafkaTestSupport.readRaw(allBrokers, topics.deadLetter(), 0, Duration.ZERO).stream()
            .map(KafkaTestSupport::keyOf)
            .filter(ids::contains)
            .toList();
    ReliabilityCounts counts = ReliabilityCounts.of(scenario, ids, predicted, deadLettered).write();
    assertThat(counts.lost()).as(scenario + " lost").isZero();
    assertThat(counts.duplicated()).as(scenario + " duplicated").isZero();
    assertThat(counts.predicted()).as(scenario + " predicted").isEqualTo(images.size());
  }

  /** The keys among {@code ids} of all predictions (read_committed), duplicates included. */
  private static List<String> predictedKeys(TestTopics topics, Set<String> ids, Duration read) {
    return KafkaTestSupport.readPredictions(allBrokers, topics.output(), Integer.MAX_VALUE, read)
        .stream()
        .map(ConsumerRecord::key)
        .filter(ids::contains)
        .toList();
  }

  private void assertMinInsyncReplicasTwo(TestTopics topics, String applicationId)
      throws Exception {
    Set<String> used =
        admin.listTopics().names().get().stream()
            .filter(name -> name.startsWith(applicationId + "-"))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(used).as("the app's internal topics").isNotEmpty();
    used.addAll(List.of(topics.input(), topics.output(), topics.deadLetter()));
    Map<ConfigResource, Config> configs =
        admin
            .describeConfigs(
                used.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .toList())
            .all()
            .get();
    configs.forEach(
        (topic, config) ->
            assertThat(config.get("min.insync.replicas").value())
                .as("min.insync.replicas of %s", topic.name())
                .isEqualTo("2"));
    admin
        .describeTopics(used)
        .allTopicNames()
        .get()
        .forEach(
            (name, description) ->
                assertThat(description.partitions())
                    .as("replicas of %s", name)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
  }

  private String awaitTransactionalId(String applicationId) throws InterruptedException {
    String[] found = new String[1];
    await(
        "the app's transactional id",
        TIMEOUT,
        () -> {
          Optional<String> id =
              listTransactions().stream()
                  .map(TransactionListing::transactionalId)
                  .filter(txId -> txId.startsWith(applicationId + "-"))
                  .findFirst();
          id.ifPresent(txId -> found[0] = txId);
          return id.isPresent();
        });
    return found[0];
  }

  private static Collection<TransactionListing> listTransactions() {
    try {
      return admin.listTransactions().all().get();
    } catch (Exception e) {
      return List.of();
    }
  }

  private static int coordinatorOf(String transactionalId) {
    try {
      return admin
          .describeTransactions(List.of(transactionalId))
          .description(transactionalId)
          .get()
          .coordinatorId();
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Node 0 hosts the only controller and cannot crash alone, so the coordinator must be on node 1
   * or 2: if it is on node 0, the replicas of its {@code __transaction_state} partition are
   * reordered to put node 0 last, and the preferred leader elected.
   */
  private static int moveCoordinatorOffNodeZero(String transactionalId) throws Exception {
    int coordinator = coordinatorOf(transactionalId);
    if (coordinator != 0) {
      return coordinator;
    }
    int partitions =
        admin
            .describeTopics(List.of(TRANSACTION_STATE))
            .allTopicNames()
            .get()
            .get(TRANSACTION_STATE)
            .partitions()
            .size();
    TopicPartition partition =
        new TopicPartition(TRANSACTION_STATE, Utils.abs(transactionalId.hashCode()) % partitions);
    admin
        .alterPartitionReassignments(
            Map.of(partition, Optional.of(new NewPartitionReassignment(List.of(1, 2, 0)))))
        .all()
        .get();
    await(
        "the coordinator off node 0",
        TIMEOUT,
        () -> {
          try {
            admin.electLeaders(ElectionType.PREFERRED, Set.of(partition)).all().get();
          } catch (Exception notYet) {
            // the reassignment is still running, or the leader is already preferred
          }
          int now = coordinatorOf(transactionalId);
          return now == 1 || now == 2;
        });
    return coordinatorOf(transactionalId);
  }

  private static Set<Integer> leadersOf(String topic) throws Exception {
    TopicDescription description =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    return description.partitions().stream()
        .map(TopicPartitionInfo::leader)
        .map(Node::id)
        .collect(Collectors.toSet());
  }

  private static void awaitFullIsr(TestTopics topics) throws InterruptedException {
    List<String> names = List.of(topics.input(), topics.output(), topics.deadLetter());
    await(
        "all replicas back in sync",
        TIMEOUT,
        () -> {
          try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.isr().size() == 3);
          } catch (Exception e) {
            return false;
          }
        });
  }
}
