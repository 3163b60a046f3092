package io.mnasnet.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS files of a secured {@link EmbeddedKafkaCluster}, made fresh for it: a certificate
 * authority, a broker key store (a key and a certificate for {@code 127.0.0.1}/{@code localhost}
 * signed by that CA, with the chain) and a trust store holding only the CA, for clients.
 *
 * <p>Made with the JDK's own {@code keytool}, so neither openssl nor a crypto library is needed.
 * PKCS12 stores, EC keys (fast to generate), valid for {@value #VALIDITY_DAYS} days; one random
 * password protects all stores and keys.
 */
public final class TlsMaterial {
  /** The store type of both files, as Kafka's {@code ssl.*.type} settings name it. */
  public static final String STORE_TYPE = "PKCS12";

  private static final int VALIDITY_DAYS = 7;
  private static final String BROKER_STORE = "broker.keystore.p12";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path keyStore;
  private final Path trustStore;
  private final String password;

  private TlsMaterial(Path keyStore, Path trustStore, String password) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.password = password;
  }

  /**
   * Makes the CA, the broker certificate and both stores in {@code directory} (created if needed).
   *
   * @throws IllegalStateException if keytool fails; the message holds its output
   */
  public static TlsMaterial create(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + directory, e);
    }
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Keytool keytool = new Keytool(directory, password);
    Path keyStore = directory.resolve(BROKER_STORE);
    Path trustStore = directory.resolve("truststore.p12");
    // keytool signs with -signer only from the same store: the CA is made there, signs the
    // broker's certificate, is exported for the trust store, then deleted from the broker's store
    keytool.run("-genkeypair", "-alias", "ca", "-dname", "CN=mnasnet test CA", "-ext", "bc:c");
    keytool.run(
        "-genkeypair",
        "-alias",
        "broker",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=ip:" + NodeProperties.HOST + ",dns:localhost",
        "-signer",
        "ca",
        "-signerkeypass",
        password);
    keytool.run("-exportcert", "-rfc", "-alias", "ca", "-file", "ca.pem");
    keytool.run(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        trustStore.getFileName().toString());
    keytool.run("-delete", "-alias", "ca");
    if (!Files.isRegularFile(keyStore) || !Files.isRegularFile(trustStore)) {
      throw new IllegalStateException("keytool did not write the stores in " + directory);
    }
    return new TlsMaterial(keyStore, trustStore, password);
  }

  /** The brokers' key store: their key and the certificate chain up to the CA. */
  public Path keyStore() {
    return keyStore;
  }

  /** The clients' trust store: the CA certificate only. */
  public Path trustStore() {
    return trustStore;
  }

  /** The password of both stores and of the broker key. */
  public String password() {
    return password;
  }

  /** Runs the JDK's keytool in one directory with common options. */
  private static final class Keytool {
    private final Path directory;
    private final String password;

    Keytool(Path directory, String password) {
      this.directory = directory;
      this.password = password;
    }

    void run(String... args) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(args));
      if (!command.contains("-keystore")) {
        command.addAll(List.of("-keystore", BROKER_STORE));
      }
      boolean makesKey = command.contains("-genkeypair");
      if (makesKey) {
        command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
      }
      if (makesKey || command.contains("-gencert")) {
        command.addAll(List.of("-validity", Integer.toString(VALIDITY_DAYS)));
      }
      command.addAll(
          List.of("-storetype", STORE_TYPE, "-storepass", password, "-keypass", password));
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("keytool did not finish: " + String.join(" ", args));
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "keytool " + String.join(" ", args) + " failed: " + output.strip());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot run keytool from " + command.get(0), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while running keytool", e);
      }
    }
  }
}
