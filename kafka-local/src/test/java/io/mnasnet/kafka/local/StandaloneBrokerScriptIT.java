package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/kafka-broker} runs a broker process that clients can use, that stops on request, and
 * that keeps its data across a restart.
 */
class StandaloneBrokerScriptIT {

  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path SCRIPT = MODULE.resolveSibling("bin").resolve("kafka-broker");

  private final Path dir = MODULE.resolve("target").resolve(TestClients.uniqueName("standalone"));
  private final int[] ports = FreePorts.allocate(2);
  private final String bootstrap = "127.0.0.1:" + ports[0];

  @AfterEach
  void stopBrokerAndDeleteItsData() throws Exception {
    script("stop"); // a no-op when the test stopped it already
    Utils.delete(dir.toFile());
  }

  @Test
  void brokerServesClientsStopsAndKeepsItsDataAcrossRestarts() throws Exception {
    Result started = script("start");
    assertThat(started.exitCode()).as(started.output()).isZero();
    assertThat(started.output()).contains("Kafka broker ready at " + bootstrap);
    assertThat(script("status").output()).contains("running");

    String topic = "standalone-topic";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaProducer<String, String> producer = TestClients.producer(bootstrap, Map.of())) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      TestClients.sendAndWait(producer, topic, 0, 10);
    }

    Result stopped = script("stop");
    assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    Result status = script("status");
    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.output()).contains("stopped");
    assertThat(dir.resolve("kafka.pid")).doesNotExist();

    Result restarted = script("start");
    assertThat(restarted.exitCode()).as(restarted.output()).isZero();
    List<ConsumerRecord<String, String>> records =
        TestClients.consume(bootstrap, topic, "read_committed", 10, Duration.ofSeconds(30));
    assertThat(records).hasSize(10);
    assertThat(Files.readString(dir.resolve("kafka.log")))
        .as("no second format of the data directory")
        .doesNotContain("Formatted");
  }

  private Result script(String command) throws IOException, InterruptedException {
    List<String> commandLine = new ArrayList<>(List.of("bash", SCRIPT.toString(), command));
    commandLine.addAll(List.of("--dir", dir.toString()));
    if (command.equals("start")) {
      commandLine.addAll(
          List.of("--port", Integer.toString(ports[0]), "--controller-port", "" + ports[1]));
    }
    ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
    // this module's fresh build, not an older cli/target/lib of the same checkout
    builder
        .environment()
        .put(
            "KAFKA_BROKER_CLASSPATH",
            MODULE.resolve("target/classes") + ":" + MODULE.resolve("target/lib") + "/*");
    builder.environment().put("KAFKA_BROKER_OPTS", "-Xmx256m");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/kafka-broker " + command + " did not return within 120 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}
}
