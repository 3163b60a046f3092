package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {

  @TempDir Path temp;

  @Test
  void helpNamesTheModelDatasetSplitLimitAndJsonOptions() {
    String help = new CommandLine(new EvaluateCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(help).contains("--model", "--dataset", "--data-dir", "--split", "--limit", "--json");
  }

  @Test
  void aDirectoryThatIsNoModelIsAnErrorSayingWhatIsExpected() {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new EvaluateCommand())
            .setErr(new PrintWriter(err))
            .execute("--model", temp.toString());
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("saved_model.pb").contains("run.json");
  }
}
