package io.mnasnet.streams.config;

import java.util.List;

/**
 * The configuration cannot be used: each problem names the setting's key and where its value came
 * from, so the user knows what to change.
 */
public class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidConfigException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    return "invalid configuration ("
        + problems.size()
        + " problems):\n  - "
        + String.join("\n  - ", problems);
  }
}
