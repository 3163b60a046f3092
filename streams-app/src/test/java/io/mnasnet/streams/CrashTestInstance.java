package io.mnasnet.streams;

import io.mnasnet.streams.config.SettingsResolver;
import io.mnasnet.streams.config.StreamsAppConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An app instance in its own JVM, for {@link CrashIT} to kill with SIGKILL. Arguments: {@code
 * key=value} settings (as in a properties file). Runs until killed.
 */
public final class CrashTestInstance {
  private CrashTestInstance() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      settings.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    StreamsAppConfig config = StreamsAppConfig.from(SettingsResolver.fromFlags(settings));
    StreamingClassifierApp app = new StreamingClassifierApp(config, TestModels.loader());
    app.start();
    System.out.println("started, metrics on port " + app.metricsPort());
    Thread.sleep(Long.MAX_VALUE);
  }
}
