package io.mnasnet.trainer.imports;

import java.util.List;

/**
 * A {@code state_dict} that does not fit the requested architecture: missing or unexpected keys,
 * wrong shapes or element types. Lists every problem, each naming its key.
 */
public class StateDictMismatchException extends Exception {

  private static final long serialVersionUID = 1L;
  private static final int LISTED = 20;

  private final List<String> problems;

  public StateDictMismatchException(String source, String expected, List<String> problems) {
    super(message(source, expected, problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, each naming its key. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, String expected, List<String> problems) {
    StringBuilder message =
        new StringBuilder()
            .append(source)
            .append(" does not match ")
            .append(expected)
            .append(": ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems");
    problems.stream().limit(LISTED).forEach(p -> message.append("\n  - ").append(p));
    if (problems.size() > LISTED) {
      message.append("\n  ... and ").append(problems.size() - LISTED).append(" more");
    }
    return message.toString();
  }
}
