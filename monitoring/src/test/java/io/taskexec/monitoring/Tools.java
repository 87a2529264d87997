package io.taskexec.monitoring;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External tools the tests run (Debian's prometheus, promtool, prometheus-pushgateway), and free ports. */
final class Tools {
  private Tools() {}

  static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

  static boolean installed(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a command to its end (at most a minute), stdin from {@code input} when not null; returns exit code and output. */
  static Result run(List<String> command, Path input) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (input != null) pb.redirectInput(input.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not end in a minute");
    }
    return new Result(p.exitValue(), out);
  }

  record Result(int exitCode, String output) {}
}
