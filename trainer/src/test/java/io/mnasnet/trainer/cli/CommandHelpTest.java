package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

class CommandHelpTest {

  static Stream<Object> commands() {
    return TrainerCommands.commands().stream();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpDocumentsEveryOptionAndParameter(Object command) {
    CommandLine commandLine = new CommandLine(command);
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));

    int exitCode = commandLine.execute("--help");

    String help = out.toString();
    assertThat(exitCode).isZero();
    assertThat(help).contains("Usage: " + commandLine.getCommandName());
    for (OptionSpec option : commandLine.getCommandSpec().options()) {
      assertThat(help)
          .as("help of %s", commandLine.getCommandName())
          .contains(option.longestName());
      assertThat(String.join(" ", option.description()))
          .as("description of %s", option.longestName())
          .isNotBlank();
    }
    for (PositionalParamSpec parameter : commandLine.getCommandSpec().positionalParameters()) {
      assertThat(help).contains(parameter.paramLabel());
      assertThat(String.join(" ", parameter.description())).isNotBlank();
    }
  }
}
