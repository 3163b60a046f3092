package io.mnasnet.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven wrote into the jar's manifest, and the runtime it runs on. */
final class ProjectVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Mnasnet.class.getPackage().getImplementationVersion();
    return new String[] {
      "mnasnet " + (version == null ? "(development build)" : version),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
