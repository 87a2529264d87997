package io.taskexec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskexec version}: this build's version and the Java it runs on. */
@Command(name = "version", description = "Print the version of taskexec and of the Java it runs on.")
final class VersionCommand implements Callable<Integer> {
  private final Io io;

  VersionCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    io.out().println("taskexec " + version());
    io.out().println("java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ", "
        + System.getProperty("java.home", "?") + ")");
    return ExitCodes.OK;
  }

  /** The project version, filtered into {@code version.properties} by the build. */
  static String version() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** For {@code taskexec --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"taskexec " + version()};
    }
  }
}
