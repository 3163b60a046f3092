package io.mnasnet.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo's console for the demo while it runs: the in-process broker ({@code kafka.*}) is
 * silenced, Kafka's clients and Kafka Streams log errors only (an exactly-once pipeline on a busy
 * machine logs retried {@code CONCURRENT_TRANSACTIONS} warnings that need no action), and the
 * project's own INFO lines give way to the demo's progress notes. {@link #close()} restores the
 * levels. Does nothing when {@code MNASNET_LOG_LEVEL} is set (the user asked for the logs) or the
 * logging backend is not Logback.
 */
final class DemoLogging implements AutoCloseable {
  private static final Map<String, Level> QUIET_LEVELS =
      Map.of(
          "kafka", Level.OFF,
          "state.change.logger", Level.OFF,
          "org.apache.kafka", Level.ERROR,
          "io.mnasnet", Level.WARN);

  private final Map<Logger, Level> previous = new LinkedHashMap<>();

  private DemoLogging() {}

  /** Lowers the noise until {@link #close()}. */
  static DemoLogging quiet() {
    DemoLogging logging = new DemoLogging();
    if (System.getenv("MNASNET_LOG_LEVEL") == null
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      QUIET_LEVELS.forEach(
          (name, level) -> {
            Logger logger = context.getLogger(name);
            logging.previous.put(logger, logger.getLevel());
            logger.setLevel(level);
          });
    }
    return logging;
  }

  @Override
  public void close() {
    // a null level means "inherit from the parent", as before
    previous.forEach(Logger::setLevel);
  }
}
