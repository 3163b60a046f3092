package io.mnasnet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mnasnet bench worker-pass-through} (hidden): the Kafka-side limit of the pipeline suite. A
 * Kafka Streams app that copies every record of the input topic to the output topic unchanged
 * (bytes in, bytes out, headers and timestamps kept), with the streaming classifier's exactly-once
 * settings, and nothing else. Runs until SIGTERM.
 */
@Command(
    name = "worker-pass-through",
    hidden = true,
    description = "Copy-only Streams app: the pipeline suite's Kafka-side limit.")
final class PassThroughWorkerCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", required = true)
  private String bootstrapServers;

  @Option(names = "--application-id", required = true)
  private String applicationId;

  @Option(names = "--input", required = true)
  private String input;

  @Option(names = "--output", required = true)
  private String output;

  @Option(names = "--commit-interval-ms", defaultValue = "100")
  private long commitIntervalMs;

  @Option(names = "--state-dir", required = true)
  private Path stateDir;

  @Override
  public Integer call() throws Exception {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    CountDownLatch stopped = new CountDownLatch(1);
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      Thread hook =
          new Thread(
              () -> {
                streams.close(
                    CloseOptions.groupMembershipOperation(
                            CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(10)));
                stopped.countDown();
              });
      Runtime.getRuntime().addShutdownHook(hook);
      streams.start();
      stopped.await();
    }
    return 0;
  }
}
