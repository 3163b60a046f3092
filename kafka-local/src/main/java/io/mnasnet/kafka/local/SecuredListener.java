package io.mnasnet.kafka.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The client listener of a secured {@link EmbeddedKafkaCluster}, as a platform team runs it: TLS
 * ({@code SASL_SSL}) with SCRAM-SHA-512 users, and KRaft's {@code StandardAuthorizer} refusing
 * whatever no ACL grants ({@code allow.everyone.if.no.acl.found=false}).
 *
 * <p>The brokers keep their {@code PLAINTEXT} listener for replication, the controller and the test
 * harness; its principal ({@code User:ANONYMOUS}) is the super user. It is bound to 127.0.0.1 like
 * everything here; clients under test use only the secured listener.
 */
final class SecuredListener {
  static final String NAME = "SECURE";
  static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  static final String SUPER_USER = "User:ANONYMOUS";

  private static final String PREFIX = "listener.name." + NAME.toLowerCase() + ".";

  private SecuredListener() {}

  /** Adds the secured listener on {@code port} to one node's properties. */
  static void addTo(Properties props, int port, TlsMaterial tls) {
    String endpoint = NAME + "://" + NodeProperties.HOST + ":" + port;
    props.put("listeners", props.getProperty("listeners") + "," + endpoint);
    props.put("advertised.listeners", props.getProperty("advertised.listeners") + "," + endpoint);
    props.put(
        "listener.security.protocol.map",
        props.getProperty("listener.security.protocol.map") + "," + NAME + ":SASL_SSL");
    props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
    props.put(
        PREFIX + SCRAM_MECHANISM.toLowerCase() + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    props.put(PREFIX + "ssl.keystore.location", tls.keyStore().toString());
    props.put(PREFIX + "ssl.keystore.type", TlsMaterial.STORE_TYPE);
    props.put(PREFIX + "ssl.keystore.password", tls.password());
    props.put(PREFIX + "ssl.key.password", tls.password());
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("allow.everyone.if.no.acl.found", "false");
    props.put("super.users", SUPER_USER);
  }

  /**
   * Client settings for {@code user} on this listener: SASL_SSL, SCRAM-SHA-512, the trust store of
   * {@code tls}. The bootstrap servers are the caller's.
   */
  static Map<String, String> clientSettings(TlsMaterial tls, String user, String password) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("security.protocol", "SASL_SSL");
    settings.put("sasl.mechanism", SCRAM_MECHANISM);
    settings.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    settings.put("ssl.truststore.location", tls.trustStore().toString());
    settings.put("ssl.truststore.type", TlsMaterial.STORE_TYPE);
    settings.put("ssl.truststore.password", tls.password());
    return settings;
  }
}
