package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.CommandRun;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.data.Split;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code mnasnet produce} against a real broker in this JVM, read back with a plain consumer. */
class ProduceCommandIT {
  private static final int IMAGES = 200;

  private final EmbeddedKafkaCluster kafka = SharedKafkaClusters.single();
  private final ImageEventCodec codec = new ImageEventCodec();

  @ParameterizedTest
  @EnumSource(ImageEventFormat.class)
  void sendsFashionMnistImagesThatReadBackByteIdentical(ImageEventFormat format) throws Exception {
    String topic = uniqueName("images");
    long before = System.currentTimeMillis();

    CommandRun run =
        CommandRun.of(
            "produce",
            "--fashion-mnist",
            "--limit",
            Integer.toString(IMAGES),
            "--format",
            format.name().toLowerCase(Locale.ROOT),
            "--topic",
            topic,
            "--bootstrap-servers",
            kafka.bootstrapServers());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Sent " + IMAGES + " images to '" + topic + "'");
    assertThat(run.err()).contains("Created topic '" + topic + "'");

    Map<String, ConsumerRecord<String, byte[]>> records = readAll(topic, IMAGES);
    LabelledImages expected = testImages().first(IMAGES);
    List<String> expectedIds = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      expectedIds.add(FashionMnistImageSource.id(Split.TEST, i));
    }
    assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
    for (int i = 0; i < IMAGES; i++) {
      ConsumerRecord<String, byte[]> record = records.get(expectedIds.get(i));
      ImageEvent event =
          codec.decode(record.key(), record.timestamp(), record.headers(), record.value());
      assertThat(event.id()).isEqualTo(record.key());
      assertThat(event.contentType()).isEqualTo(ContentType.PNG);
      assertThat(event.data())
          .as("PNG bytes of %s", event.id())
          .isEqualTo(ImageEncoding.encodeGreyPng(expected.image(i), 28, 28));
      assertThat(event.label()).hasValue(Integer.toString(expected.label(i)));
      assertThat(event.attributes())
          .containsEntry("labelName", FashionMnist.className(expected.label(i)));
      assertThat(event.timestampMs()).isBetween(before, System.currentTimeMillis());
      assertThat(record.timestamp()).isEqualTo(event.timestampMs());
      assertThat(ImageEventCodec.detect(record.headers(), record.value())).isEqualTo(format);
    }
    String contentTypeHeader =
        new String(
            records
                .get(expectedIds.get(0))
                .headers()
                .lastHeader(ImageEventHeaders.CONTENT_TYPE)
                .value(),
            StandardCharsets.UTF_8);
    assertThat(contentTypeHeader)
        .isEqualTo(format == ImageEventFormat.JSON ? ContentType.JSON : ContentType.PNG);
  }

  @Test
  void sendsTheImagesOfAFolderAndNamesTheFilesItSkipped(@TempDir Path folder) throws Exception {
    String topic = uniqueName("folder");
    byte[] png = ImageEncoding.encodeGreyPng(new byte[] {1, 2, 3, 4}, 2, 2);
    Files.write(folder.resolve("a.png"), png);
    Files.createDirectories(folder.resolve("sub"));
    Files.write(folder.resolve("sub/b.png"), png);
    Files.writeString(folder.resolve("sub/fake.jpg"), "I am text");

    CommandRun run =
        CommandRun.of(
            "produce",
            "--format",
            "raw",
            "--topic",
            topic,
            "-b",
            kafka.bootstrapServers(),
            folder.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Sent 2 images")
        .contains("Skipped 1 input:")
        .contains(folder.resolve("sub/fake.jpg") + ": not a PNG or JPEG image");
    Map<String, ConsumerRecord<String, byte[]>> records = readAll(topic, 2);
    assertThat(records).containsOnlyKeys("a.png", "sub/b.png");
    assertThat(records.get("sub/b.png").value()).isEqualTo(png);
  }

  @Test
  void failsWhenNothingCouldBeSent(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("only.png"), "text");

    CommandRun run =
        CommandRun.of(
            "produce",
            "--topic",
            uniqueName("nothing"),
            "-b",
            kafka.bootstrapServers(),
            folder.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("Sent 0 images").contains("only.png: not a PNG or JPEG image");
    assertThat(run.err()).contains("mnasnet produce: Nothing was sent");
  }

  @Test
  void aPortWithoutABrokerFailsFastWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + port;

    CommandRun run = CommandRun.of("produce", "--fashion-mnist", "--limit", "1", "-b", bootstrap);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.millis()).isLessThan(Duration.ofSeconds(15).toMillis());
    assertThat(run.err())
        .startsWith("mnasnet produce: No Kafka broker answered at " + bootstrap)
        .contains("bin/kafka-broker start")
        .doesNotContain("Exception");
  }

  /** The Debian package's test split when installed, else the committed sample. */
  private static LabelledImages testImages() throws Exception {
    return FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR, Split.TEST)
        ? FashionMnist.load(FashionMnist.DEFAULT_DIR, Split.TEST)
        : FashionMnist.loadSample();
  }

  /** Every record of {@code topic} by key, waiting until {@code count} arrived. */
  private Map<String, ConsumerRecord<String, byte[]>> readAll(String topic, int count) {
    Map<String, ConsumerRecord<String, byte[]>> byKey = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (byKey.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> byKey.put(record.key(), record));
      }
      // anything beyond `count` would be a duplicate or a stray record: poll once more to see it
      consumer
          .poll(Duration.ofMillis(500))
          .forEach(record -> byKey.put(record.key() + "#extra", record));
    }
    return byKey;
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
