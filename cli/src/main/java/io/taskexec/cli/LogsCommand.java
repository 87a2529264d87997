package io.taskexec.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskexec logs ID [--attempt N] [--stderr]}: prints what an attempt of a task wrote, from a server. */
@Command(name = "logs", description = "Print a task attempt's stdout (or --stderr) from a taskexec server.")
final class LogsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  String id;

  @Option(names = "--attempt", paramLabel = "N", description = "Which attempt (default the last).")
  Integer attempt;

  @Option(names = "--stderr", description = "Print stderr instead of stdout.")
  boolean stderr;

  @Mixin ClientOptions client;

  private final Io io;

  LogsCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Remote remote = client.connect(io);
    String path = "/api/v1/tasks/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/logs?stream=" + (stderr ? "stderr" : "stdout")
        + (attempt == null ? "" : "&attempt=" + attempt);
    io.out().print(remote.text(path));
    io.out().flush();
    return ExitCodes.OK;
  }
}
