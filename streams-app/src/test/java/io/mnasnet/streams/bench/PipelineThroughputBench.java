package io.mnasnet.streams.bench;

import static io.mnasnet.streams.KafkaTestSupport.await;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestModels;
import io.mnasnet.streams.config.ProcessingGuarantee;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import io.mnasnet.streams.config.StreamsAppConfig.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the whole app with the fixture model: a backlog of real 28x28 PNGs on a 4-partition
 * topic (in-JVM broker), timed from RUNNING until every image is predicted. Not part of the build;
 * run with {@code mvn -pl streams-app -am verify -Dit.test=NONE -Dtest=PipelineThroughputBench
 * -Dmnasnet.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mnasnet.bench", matches = "true")
class PipelineThroughputBench {
  private static final int IMAGES = Integer.getInteger("mnasnet.bench.images", 4000);
  private static final Pattern SUM = Pattern.compile("(?m)^mnasnet_batch_size_sum (\\S+)$");
  private static final Pattern COUNT = Pattern.compile("(?m)^mnasnet_batch_size_count (\\S+)$");

  @Test
  void measure() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();
    List<ProducerRecord<byte[], byte[]>> backlog = null;
    run(cluster, 8, 1, ProcessingGuarantee.EXACTLY_ONCE_V2, backlog, true); // warm-up
    for (int threads : ints("mnasnet.bench.threads", "1,2")) {
      for (int batch : ints("mnasnet.bench.batches", "8,32,64,128")) {
        run(cluster, batch, threads, ProcessingGuarantee.EXACTLY_ONCE_V2, backlog, false);
      }
    }
    if (!Boolean.getBoolean("mnasnet.bench.skipAlos")) {
      run(cluster, 32, 1, ProcessingGuarantee.AT_LEAST_ONCE, backlog, false);
    }
  }

  private void run(
      EmbeddedKafkaCluster cluster,
      int batch,
      int threads,
      ProcessingGuarantee guarantee,
      List<ProducerRecord<byte[], byte[]>> unused,
      boolean warmUp)
      throws Exception {
    TestTopics topics = TestTopics.unique("bench");
    topics.create(cluster, 4, (short) 1);
    long now = System.currentTimeMillis();
    int count = warmUp ? 500 : IMAGES;
    List<ProducerRecord<byte[], byte[]>> records =
        TestImages.fashionMnist(count, "bench").stream()
            .map(p -> p.record(topics.input(), ImageEventFormat.RAW, now))
            .toList();
    KafkaTestSupport.sendAll(cluster.bootstrapServers(), records);
    Path work = Files.createTempDirectory("bench");
    StreamsAppConfig base =
        KafkaTestSupport.appConfig(
            cluster, topics, TestModels.modelDir(work.resolve("model"), 1), work.resolve("state"));
    KafkaSettings k = base.kafka();
    java.util.Map<String, String> client = new java.util.HashMap<>(k.clientSettings());
    String commitMs = System.getProperty("mnasnet.bench.commitMs");
    if (commitMs != null) {
      client.put("commit.interval.ms", commitMs);
    }
    StreamsAppConfig config =
        base.withBatching(new BatchSettings(batch, Duration.ofMillis(50)))
            .withKafka(
                new KafkaSettings(
                    k.bootstrapServers(),
                    k.applicationId(),
                    guarantee,
                    threads,
                    k.stateDir(),
                    client));
    try (StreamingClassifierApp app = new StreamingClassifierApp(config, TestModels.loader())) {
      app.start();
      app.awaitRunning(Duration.ofSeconds(60));
      long start = System.nanoTime();
      await("all predicted", Duration.ofMinutes(5), () -> app.metrics().predictionsOut() >= count);
      double seconds = (System.nanoTime() - start) / 1e9;
      String metrics = app.scrapeMetrics();
      double meanBatch = value(SUM, metrics) / value(COUNT, metrics);
      if (!warmUp) {
        System.out.printf(
            "BENCH batch.size=%3d threads=%d %-16s commit.interval.ms=%s %6.0f images/s (mean"
                + " micro-batch %.1f)%n",
            batch,
            threads,
            guarantee,
            client.getOrDefault("commit.interval.ms", "default"),
            count / seconds,
            meanBatch);
      }
    }
  }

  private static int[] ints(String property, String defaults) {
    return java.util.Arrays.stream(System.getProperty(property, defaults).split(","))
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static double value(Pattern pattern, String metrics) {
    Matcher m = pattern.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
