package io.mnasnet.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The entry point of the streaming app's container image, {@code mnasnet-app}: {@code mnasnet run}
 * and nothing else. The command line has the shape of {@code bin/mnasnet}'s, so {@code run} takes
 * the same options, {@code --config} file and {@code MNASNET_*} variables and prints the same
 * {@code --help}, and manifests written for one image run on the other ({@code args: ["run",
 * "--config", ...]}). The tools (train, produce, demo...) are in the {@code mnasnet-tools} image,
 * whose entry point is the full launcher of the {@code cli} module.
 *
 * <p>Process-level settings that must exist before TensorFlow's native library loads are the image
 * entry point script's job ({@code deploy/image/usr/local/bin/mnasnet-entrypoint}), as they are
 * {@code bin/mnasnet}'s.
 */
@Command(
    name = "mnasnet",
    mixinStandardHelpOptions = true,
    versionProvider = AppLauncher.Version.class,
    description = {
      "The streaming classifier of the mnasnet-app image.",
      "",
      "Run 'mnasnet run --help' for its options."
    },
    commandListHeading = "%nCommands:%n")
public final class AppLauncher implements Runnable {

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The app's command tree: {@code help} and the streaming app's commands. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new AppLauncher());
    commandLine.addSubcommand(new CommandLine.HelpCommand());
    for (Object command : StreamsCommands.commands()) {
      commandLine.addSubcommand(command);
    }
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  @Override
  public void run() {
    // No command given: say what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version Maven wrote into the streams-app jar's manifest, and the runtime. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AppLauncher.class.getPackage().getImplementationVersion();
      return new String[] {
        "mnasnet-app " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
