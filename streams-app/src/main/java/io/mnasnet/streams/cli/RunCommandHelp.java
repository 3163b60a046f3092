package io.mnasnet.streams.cli;

import io.mnasnet.streams.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;

/**
 * The option descriptions of {@link RunCommand}, generated from {@link Setting} so that {@code
 * --help}, the properties-file keys and the environment variables cannot drift apart. picocli reads
 * it as the command's resource bundle; each option's {@code descriptionKey} is its setting key.
 */
public final class RunCommandHelp extends ListResourceBundle {
  @Override
  protected Object[][] getContents() {
    List<Object[]> contents = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      String text =
          setting.description()
              + ". Default: "
              + setting
                  .defaultValue()
                  .map(value -> value.isEmpty() ? "none" : value)
                  .orElse(setting.key().equals("state.dir") ? "Kafka Streams'" : "none (required)")
              + ". Key "
              + setting.key()
              + ", env "
              + setting.envName()
              + ".";
      contents.add(new Object[] {setting.key(), text});
    }
    return contents.toArray(new Object[0][]);
  }
}
