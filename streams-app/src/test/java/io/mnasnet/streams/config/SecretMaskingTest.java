package io.mnasnet.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

  /**
   * Kafka 4.4's new secret: a PASSWORD in the clients' ConfigDef, with none of the list's words.
   */
  private static final String PASSPHRASE = "sasl.oauthbearer.assertion.private.key.passphrase";

  @Test
  void kafkasPasswordTypedKeysAreSecretsWhateverTheirName() {
    assertThat(SecretMasking.passwordKeys())
        .contains(
            PASSPHRASE, "ssl.key.password", "sasl.jaas.config", "ssl.truststore.certificates");

    assertThat(SecretMasking.isSecret(PASSPHRASE)).isTrue();
    assertThat(SecretMasking.isSecret("kafka." + PASSPHRASE)).isTrue();
    // no word of the list is in these: only their type says they are secret
    assertThat(SecretMasking.isSecret("kafka.ssl.truststore.certificates")).isTrue();
    assertThat(SecretMasking.isSecret("kafka.ssl.keystore.certificate.chain")).isTrue();
  }

  @Test
  void kafkaStreamsClientPrefixesAreLookedThrough() {
    assertThat(SecretMasking.isSecret("kafka.producer." + PASSPHRASE)).isTrue();
    assertThat(SecretMasking.isSecret("kafka.main.consumer." + PASSPHRASE)).isTrue();
    assertThat(SecretMasking.isSecret("kafka.restore.consumer.ssl.truststore.certificates"))
        .isTrue();
    assertThat(SecretMasking.isSecret("admin." + PASSPHRASE)).isTrue();
  }

  @Test
  void theWordListStillCoversKeysNoDefinitionKnows() {
    assertThat(SecretMasking.isSecret("kafka.basic.auth.user.info")).isTrue();
    assertThat(SecretMasking.isSecret("kafka.my.login.client.secret")).isTrue();
  }

  @Test
  void ordinarySettingsAreShown() {
    assertThat(SecretMasking.isSecret("kafka.security.protocol")).isFalse();
    assertThat(SecretMasking.isSecret("kafka.sasl.oauthbearer.assertion.private.key.file"))
        .isFalse();
    assertThat(SecretMasking.isSecret("batch.size")).isFalse();
    assertThat(SecretMasking.mask("kafka.security.protocol", "SSL")).isEqualTo("SSL");
    assertThat(SecretMasking.mask("kafka." + PASSPHRASE, "s3cret")).isEqualTo(SecretMasking.MASK);
  }

  @Test
  void aSettingValueDoesNotShowASecretInItsToString() {
    SettingValue value = new SettingValue("kafka." + PASSPHRASE, "open-sesame", "command line");

    assertThat(value.toString()).doesNotContain("open-sesame").contains(SecretMasking.MASK);
    assertThat(value.describe()).doesNotContain("open-sesame");
    assertThat(new SettingValue("batch.size", "32", "default").toString()).contains("32");
  }

  @Test
  void theConfigurationRecordsDoNotShowSecretsInTheirToString() {
    StreamsAppConfig config =
        StreamsAppConfig.from(
            SettingsResolver.fromFlags(
                Map.of(
                    "bootstrap.servers",
                    "b:9092",
                    "model.dir",
                    Path.of("/models/m").toString(),
                    "kafka." + PASSPHRASE,
                    "open-sesame",
                    "kafka.ssl.key.password",
                    "hunter2",
                    "kafka.security.protocol",
                    "SASL_SSL")));

    for (String text : new String[] {config.toString(), config.kafka().toString()}) {
      assertThat(text)
          .doesNotContain("open-sesame")
          .doesNotContain("hunter2")
          .contains(PASSPHRASE + "=" + SecretMasking.MASK)
          .contains("ssl.key.password=" + SecretMasking.MASK)
          .contains("security.protocol=SASL_SSL")
          .contains("b:9092");
    }
    assertThat(config.toString()).contains("batching=").contains("inference=");
  }
}
