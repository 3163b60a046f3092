package io.mnasnet.cli.secured;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mnasnet.cli.CommandRun;
import io.mnasnet.cli.produce.FashionMnistImageSource;
import io.mnasnet.cli.produce.SourceImage;
import io.mnasnet.cli.secured.AppAcls.Grant;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.ReliabilityCounts;
import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.cli.RunCommand;
import io.mnasnet.streams.config.SettingsResolver;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.inference.EngineModelLoader;
import io.mnasnet.trainer.data.Split;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The app, {@code produce} and {@code consume} on a secured cluster (TLS, SCRAM-SHA-512, ACLs with
 * no access unless granted), each as its own user with only the ACLs of deploy/README.md; and the
 * app started with one of its ACLs missing at a time. One secured broker serves both tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int IMAGES = 60;

  private EmbeddedKafkaCluster kafka;
  private Admin superUser;
  private Path work;
  private Path model;

  @BeforeAll
  void startSecuredBroker() throws Exception {
    work = Files.createTempDirectory("secured-it-");
    kafka = EmbeddedKafkaCluster.builder().secured().build().start();
    superUser =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    model = TorchvisionFixture.importModel(Files.createDirectories(work.resolve("model")));
  }

  @AfterAll
  void stop() throws Exception {
    if (superUser != null) {
      superUser.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    Utils.delete(work.toFile());
  }

  @Test
  void appProduceAndConsumeRunOverSaslSslWithOnlyTheMinimumAcls() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String input = "sec-in-" + suffix;
    String output = "sec-out-" + suffix;
    String deadLetter = "sec-dlq-" + suffix;
    String applicationId = "sec-app-" + suffix;
    createTopics(input, output, deadLetter);
    String appPassword = user("app-" + suffix);
    String producerPassword = user("producer-" + suffix);
    String consumerPassword = user("consumer-" + suffix);
    grant(AppAcls.streamingApp("User:app-" + suffix, applicationId, input, output, deadLetter));
    grant(AppAcls.producer("User:producer-" + suffix, input));
    grant(AppAcls.consumer("User:consumer-" + suffix, output));

    // the app: security in the --config file, the JAAS config from the environment, the trust
    // store password as a flag (--kafka); a client missing any of them could not connect at all
    Map<String, String> secure = kafka.secureClientSettings("app-" + suffix, appPassword);
    Path appFile = work.resolve("app-" + suffix + ".properties");
    Files.writeString(
        appFile,
        String.join(
            "\n",
            "kafka.security.protocol=SASL_SSL",
            "kafka.sasl.mechanism=SCRAM-SHA-512",
            "kafka.ssl.truststore.location=" + kafka.tls().trustStore(),
            "kafka.ssl.truststore.type=PKCS12"));
    Map<String, String> environment =
        Map.of("MNASNET_KAFKA_SASL_JAAS_CONFIG", secure.get("sasl.jaas.config"));
    Map<String, String> flags = appFlags(applicationId, input, output, deadLetter, suffix);
    flags.put("kafka.ssl.truststore.password", kafka.tls().password());
    List<String> secrets = List.of(appPassword, kafka.tls().password(), "ScramLoginModule");

    String printed = printConfig(flags, environment, appFile);
    assertThat(printed).contains("sasl.jaas.config").contains("ssl.truststore.password");
    assertThat(printed).contains("********");
    secrets.forEach(secret -> assertThat(printed).doesNotContain(secret));

    StreamsAppConfig config =
        StreamsAppConfig.from(SettingsResolver.resolve(flags, environment, appFile));
    ListAppender<ILoggingEvent> logs = captureLogs();
    try (StreamingClassifierApp app =
        new StreamingClassifierApp(config, EngineModelLoader.forConfig(config))) {
      app.start();
      app.awaitRunning(TIMEOUT);

      Path clientFile = work.resolve("client-" + suffix + ".properties");
      Files.writeString(
          clientFile,
          String.join(
              "\n",
              "security.protocol=SASL_SSL",
              "sasl.mechanism=SCRAM-SHA-512",
              "ssl.truststore.location=" + kafka.tls().trustStore(),
              "ssl.truststore.type=PKCS12",
              "ssl.truststore.password=" + kafka.tls().password()));
      CommandRun produce =
          CommandRun.of(
              "produce",
              "--fashion-mnist",
              "--limit",
              Integer.toString(IMAGES),
              "--topic",
              input,
              "--no-progress",
              "-b",
              kafka.secureBootstrapServers(),
              "--config",
              clientFile.toString(),
              "-X",
              "sasl.jaas.config="
                  + kafka
                      .secureClientSettings("producer-" + suffix, producerPassword)
                      .get("sasl.jaas.config"));
      assertThat(produce.exitCode()).as(produce.toString()).isZero();

      CommandRun consume =
          CommandRun.of(
              "consume",
              "--topic",
              output,
              "--from-beginning",
              "--max",
              Integer.toString(IMAGES),
              "--timeout",
              "90s",
              "--json",
              "-b",
              kafka.secureBootstrapServers(),
              "--config",
              clientFile.toString(),
              "-X",
              "sasl.jaas.config="
                  + kafka
                      .secureClientSettings("consumer-" + suffix, consumerPassword)
                      .get("sasl.jaas.config"));
      assertThat(consume.exitCode()).as(consume.toString()).isZero();
      List<String> consumedKeys =
          consume.out().lines().filter(line -> line.startsWith("{")).toList();
      assertThat(consumedKeys).as(consume.toString()).hasSize(IMAGES);

      List<String> sentIds = keys(input, IMAGES);
      List<String> predicted = keys(output, IMAGES);
      List<String> deadLettered = keys(deadLetter, 0);
      ReliabilityCounts counts =
          ReliabilityCounts.of("secured-cluster", sentIds, predicted, deadLettered).write();
      assertThat(counts.sent()).isEqualTo(IMAGES);
      assertThat(counts.predicted()).isEqualTo(IMAGES);
      assertThat(counts.lost()).isZero();
      assertThat(counts.duplicated()).isZero();
      for (String text : List.of(produce.out(), produce.err(), consume.err())) {
        secrets.forEach(secret -> assertThat(text).doesNotContain(secret));
      }
    } finally {
      releaseLogs(logs);
    }
    String logged =
        logs.list.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .collect(Collectors.joining("\n"));
    // Kafka's config dumps of every client the app made were captured, with secrets hidden
    assertThat(logged)
        .contains("StreamsConfig values")
        .contains("ProducerConfig values")
        .contains("ConsumerConfig values")
        .contains("AdminClientConfig values")
        .contains("sasl.jaas.config = [hidden]");
    secrets.forEach(secret -> assertThat(logged).doesNotContain(secret));
  }

  @Test
  void eachMissingAclStopsTheAppNamingItAndNothingIsLostOnceItIsGranted() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String input = "acl-in-" + suffix;
    String output = "acl-out-" + suffix;
    String deadLetter = "acl-dlq-" + suffix;
    String applicationId = "acl-app-" + suffix;
    createTopics(input, output, deadLetter);
    String user = "acl-app-user-" + suffix;
    String password = user(user);
    List<Grant> grants =
        AppAcls.streamingApp("User:" + user, applicationId, input, output, deadLetter);
    grant(grants);
    Map<String, String> flags = appFlags(applicationId, input, output, deadLetter, suffix);
    kafka.secureClientSettings(user, password).forEach((k, v) -> flags.put("kafka." + k, v));
    flags.remove("kafka.bootstrap.servers");
    StreamsAppConfig config = StreamsAppConfig.from(SettingsResolver.fromFlags(flags));

    List<String> sent = new ArrayList<>();
    List<String> report = new ArrayList<>();
    for (Grant missing : grants) {
      if (missing.restoreOnly()) {
        // the buffer's changelog is read only to restore images that were buffered when their
        // partition moved; a fresh instance with nothing to restore runs without it
        continue;
      }
      sent.addAll(sendImages(input, 10, "acl-" + sent.size()));
      revoke(missing);
      // a new instance, as a rescheduled pod: no local state, so it restores from the changelog
      Path stateDir = Path.of(flags.get("state.dir"));
      Utils.delete(stateDir.toFile());
      Files.createDirectories(stateDir);
      StreamingClassifierApp app =
          new StreamingClassifierApp(config, EngineModelLoader.forConfig(config));
      try {
        String failure = failureOf(app);
        assertThat(failure)
            .as("the app without %s", missing)
            .contains("Kafka denied")
            .contains(missing.operation())
            .contains(missing.resource());
        report.add(missing + " -> " + failure);
      } finally {
        app.close(Duration.ofSeconds(20));
        grant(List.of(missing));
      }
    }
    report.forEach(line -> System.out.println("MISSING-ACL " + line));

    try (StreamingClassifierApp app =
        new StreamingClassifierApp(config, EngineModelLoader.forConfig(config))) {
      app.start();
      app.awaitRunning(TIMEOUT);
      List<String> predicted = keys(output, sent.size());
      ReliabilityCounts counts =
          ReliabilityCounts.of("missing-acl", sent, predicted, keys(deadLetter, 0)).write();
      assertThat(counts.predicted()).isEqualTo(sent.size());
      assertThat(counts.lost()).isZero();
      assertThat(counts.duplicated()).isZero();
    }
  }

  /**
   * Starts the app and returns why it stopped: the exception of {@code start()}, or the reason of
   * the stream thread's failure, whenever it comes (during the rebalance or with the first
   * records).
   */
  @Test
  void trainFromKafkaNamesTheReadItIsDenied() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "sec-train-" + suffix;
    String group = "sec-retrain-" + suffix;
    createTopics(topic);
    sendImages(topic, 5, "train-" + suffix);
    String trainer = "trainer-" + suffix;
    String password = user(trainer);
    Path clientFile = work.resolve("trainer-" + suffix + ".properties");
    Files.writeString(
        clientFile,
        String.join(
            "\n",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "ssl.truststore.location=" + kafka.tls().trustStore(),
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.password=" + kafka.tls().password()));
    List<String> train =
        List.of(
            "train",
            "--from-kafka",
            topic,
            "--init-from",
            model.toString(),
            "--quiet",
            "-b",
            kafka.secureBootstrapServers(),
            "--config",
            clientFile.toString(),
            "-X",
            "sasl.jaas.config="
                + kafka.secureClientSettings(trainer, password).get("sasl.jaas.config"));
    Path runs = work.resolve("train-runs-" + suffix);

    // no ACL: READ on the topic is missing, and the line says so
    CommandRun noTopic = trainRun(train, runs.resolve("a"));
    assertThat(noTopic.exitCode()).as(noTopic.toString()).isEqualTo(1);
    assertThat(noTopic.err().strip())
        .as(noTopic.toString())
        .doesNotContain("\n")
        .contains("Kafka denied READ on topic '" + topic + "'");

    // READ on the topic (what deploy/README.md lists for train --from-kafka), none on the group
    // --group names: that line names the group
    grant(AppAcls.trainer("User:" + trainer, topic, null));
    List<String> withGroup = new ArrayList<>(train);
    withGroup.addAll(List.of("--group", group, "--from", "committed"));
    CommandRun noGroup = trainRun(withGroup, runs.resolve("b"));
    assertThat(noGroup.exitCode()).as(noGroup.toString()).isEqualTo(1);
    assertThat(noGroup.err().strip())
        .as(noGroup.toString())
        .doesNotContain("\n")
        .contains("Kafka denied READ on group '" + group + "'");
    assertThat(runs.resolve("a")).doesNotExist();
    assertThat(runs.resolve("b")).doesNotExist();
  }

  private static CommandRun trainRun(List<String> args, Path runDir) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--run-dir", runDir.toString()));
    return CommandRun.of(all.toArray(String[]::new));
  }

  private static String failureOf(StreamingClassifierApp app) throws InterruptedException {
    try {
      app.start();
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      State state = app.state();
      if (state == State.ERROR || state == State.PENDING_ERROR || state == State.NOT_RUNNING) {
        return app.failureReason().orElse("stopped in " + state + " without a reason");
      }
      Thread.sleep(100);
    }
    return "still " + app.state() + " after " + TIMEOUT;
  }

  private Map<String, String> appFlags(
      String applicationId, String input, String output, String deadLetter, String suffix)
      throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("bootstrap.servers", kafka.secureBootstrapServers());
    flags.put("model.dir", model.toString());
    flags.put("application.id", applicationId);
    flags.put("input.topic", input);
    flags.put("output.topic", output);
    flags.put("dlq.topic", deadLetter);
    flags.put("topics.replication.factor", "1");
    flags.put("state.dir", Files.createDirectories(work.resolve("state-" + suffix)).toString());
    flags.put("batch.linger.ms", "200");
    flags.put("metrics.host", "127.0.0.1");
    flags.put("metrics.port", "0");
    flags.put("device", "cpu");
    flags.put("model.poll.interval.ms", "0");
    flags.put("kafka.session.timeout.ms", "6000");
    return flags;
  }

  private static String printConfig(
      Map<String, String> flags, Map<String, String> environment, Path file) {
    List<String> args = new ArrayList<>(List.of("--print-config", "--config", file.toString()));
    flags.forEach(
        (key, value) -> {
          if (key.startsWith("kafka.")) {
            args.add("--kafka");
            args.add(key.substring("kafka.".length()) + "=" + value);
          }
        });
    args.addAll(List.of("--bootstrap-servers", flags.get("bootstrap.servers")));
    args.addAll(List.of("--model", flags.get("model.dir")));
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new RunCommand(environment));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));
    assertThat(command.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
    return out.toString();
  }

  private void createTopics(String... names) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, 2, (short) 1));
    }
    kafka.createTopics(topics);
  }

  private String user(String name) {
    String password = UUID.randomUUID().toString();
    kafka.addScramUser(name, password);
    return password;
  }

  private void grant(List<Grant> grants) throws Exception {
    superUser.createAcls(grants.stream().map(Grant::binding).toList()).all().get();
    awaitAcls();
  }

  private void revoke(Grant grant) throws Exception {
    superUser.deleteAcls(List.of(grant.binding().toFilter())).all().get();
    awaitAcls();
  }

  /** ACL changes travel through the metadata log; give the broker a moment to apply them. */
  private static void awaitAcls() throws InterruptedException {
    Thread.sleep(500);
  }

  /** Sends {@code count} real images as the super user; returns their ids. */
  private List<String> sendImages(String topic, int count, String prefix) throws Exception {
    List<String> ids = new ArrayList<>();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      FashionMnistImageSource images = FashionMnistImageSource.load(null, Split.TEST);
      for (int i = 0; i < count; i++) {
        SourceImage image = (SourceImage) images.next();
        String id = prefix + "-" + i;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, image.data());
        record
            .headers()
            .add(
                ImageEventHeaders.CONTENT_TYPE,
                image.contentType().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * The keys of {@code topic}, read from the start with read_committed by the super user until
   * {@code expected} arrived (or the timeout), then on to the partitions' end, so that a late
   * duplicate is seen.
   */
  private List<String> keys(String topic, int expected) {
    return KafkaTestSupport.readRaw(kafka.bootstrapServers(), topic, expected, TIMEOUT).stream()
        .map(SecuredClusterIT::key)
        .toList();
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /** Kafka's config dumps (INFO of AbstractConfig) and all app logs, kept in memory. */
  private static ListAppender<ILoggingEvent> captureLogs() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root().addAppender(appender);
    configLogger().setLevel(Level.INFO);
    return appender;
  }

  private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
    root().detachAppender(appender);
    configLogger().setLevel(null);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static Logger configLogger() {
    return (Logger) LoggerFactory.getLogger("org.apache.kafka.common.config.AbstractConfig");
  }
}
