package io.taskexec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starting ./taskexec as a real process, as a user's shell would. */
final class ProcessSupport {
  private ProcessSupport() {}

  /**
   * {@code ./taskexec args...} in the repository root, stdout and stderr to files. Where this JVM
   * was started with SIGINT ignored (a background job of a non-interactive shell), the child would
   * inherit that and ignore Ctrl-C; perl puts the default action back first, as a terminal has it.
   */
  static Process taskexec(Path stdout, Path stderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (sigintIgnored()) cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die $!"));
    cmd.add("./taskexec");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Repo.root().toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("TASKEXEC_JAVA_OPTS");
    return pb.start();
  }

  /** Bit 2 (SIGINT) of SigIgn in /proc/self/status; false where there is no /proc. */
  static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }
}
