package io.mnasnet.streams;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static io.mnasnet.streams.KafkaTestSupport.keyOf;
import static io.mnasnet.streams.KafkaTestSupport.readDeadLetters;
import static io.mnasnet.streams.KafkaTestSupport.readPredictions;
import static io.mnasnet.streams.KafkaTestSupport.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through a crash: two instances on a 3-broker cluster share a 4-partition input; one
 * runs in its own JVM and is killed with SIGKILL while it holds buffered images whose offsets are
 * committed. Afterwards every input id is in the predictions or the dead letters exactly once, as a
 * read_committed consumer sees them.
 */
class CrashIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path work;

  @Test
  void everyInputIsPredictedOrDeadLetteredExactlyOnceAfterAnInstanceIsKilled() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.threeBrokers();
    TestTopics topics = TestTopics.created(cluster, "crash", 4, (short) 3);
    Path modelRoot = TestModels.modelDir(Files.createDirectories(work.resolve("model")), 1);
    StreamsAppConfig survivorConfig =
        KafkaTestSupport.appConfig(
                cluster, topics, modelRoot, Files.createDirectories(work.resolve("survivor")))
            .withBatching(new BatchSettings(64, Duration.ofMillis(300)));
    int victimPort = OperationsEndpoint.freePort();
    OperationsEndpoint victimEndpoint = new OperationsEndpoint(victimPort);
    Process victim = startVictim(survivorConfig, victimPort, work.resolve("victim"));
    try {
      await("victim ready", TIMEOUT, () -> victimEndpoint.status("/health/ready") == 200);
      try (StreamingClassifierApp survivor = startApp(survivorConfig, TIMEOUT)) {
        await(
            "both instances running after the rebalance",
            TIMEOUT,
            () -> victimEndpoint.status("/health/ready") == 200);

        List<String> ids = new ArrayList<>();
        KafkaTestSupport.sendAll(cluster.bootstrapServers(), inputs(topics, ids));
        await("victim buffering images", TIMEOUT, () -> victimEndpoint.bufferedImages() > 0);
        Thread.sleep(1_500); // commits happen every 100 ms: the buffered offsets are committed
        int buffered = victimEndpoint.bufferedImages();

        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no leave-group
        victim.waitFor();
        System.out.printf("killed the victim holding %d buffered images%n", buffered);

        List<ConsumerRecord<String, Prediction>> predictions =
            readPredictions(cluster, topics, ids.size() - 10, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
            readDeadLetters(cluster, topics, 10, TIMEOUT);

        ReliabilityCounts.of(
                "instance-crash",
                ids,
                predictions.stream().map(ConsumerRecord::key).toList(),
                deadLetters.stream().map(KafkaTestSupport::keyOf).toList())
            .write();
        Map<String, Integer> seen = new HashMap<>();
        predictions.forEach(r -> seen.merge(r.key(), 1, Integer::sum));
        deadLetters.forEach(r -> seen.merge(keyOf(r), 1, Integer::sum));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(buffered).as("the kill hit buffered images").isPositive();
      }
    } finally {
      victim.destroyForcibly();
    }
  }

  /** 200 real images and 10 records that are not images, spread over the 4 partitions by key. */
  private static List<ProducerRecord<byte[], byte[]>> inputs(TestTopics topics, List<String> ids) {
    List<LabelledPng> images = TestImages.fashionMnist(200, "crash");
    List<ProducerRecord<byte[], byte[]>> records =
        new ArrayList<>(
            KafkaTestSupport.imageRecords(topics.input(), images, ImageEventFormat.RAW));
    ids.addAll(KafkaTestSupport.ids(images));
    long now = System.currentTimeMillis();
    for (int i = 0; i < 10; i++) {
      String id = "crash-bad-" + i;
      byte[] notAPng = ("not a png " + i).getBytes(StandardCharsets.UTF_8);
      records.add(KafkaTestSupport.rawRecord(topics.input(), id, notAPng, ContentType.PNG, now));
      ids.add(id);
    }
    return records;
  }

  /** The same app (same application id) in a new JVM, with a linger so long it only buffers. */
  private static Process startVictim(StreamsAppConfig config, int port, Path stateDir)
      throws IOException {
    List<String> args = new ArrayList<>();
    args.add("bootstrap.servers=" + config.kafka().bootstrapServers());
    args.add("application.id=" + config.kafka().applicationId());
    args.add("input.topic=" + config.topics().input());
    args.add("output.topic=" + config.topics().output());
    args.add("dlq.topic=" + config.topics().deadLetter());
    args.add("topics.replication.factor=" + config.topics().replicationFactor());
    args.add("model.dir=" + config.inference().modelDir());
    args.add("state.dir=" + stateDir);
    args.add("batch.size=64");
    args.add("batch.linger.ms=600000");
    args.add("metrics.host=127.0.0.1");
    args.add("metrics.port=" + port);
    config.kafka().clientSettings().forEach((k, v) -> args.add("kafka." + k + "=" + v));
    Files.createDirectories(stateDir);
    return ChildJvm.start(
        CrashTestInstance.class, args, Map.of(), stateDir.resolveSibling("victim.log"));
  }
}
