package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskexec cancel ID}: cancels a task (or with {@code --run}, every open task of a run) on a server. */
@Command(name = "cancel", description = "Cancel a task, or a whole run, on a taskexec server.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "The task id (or run id with --run).")
  String id;

  @Option(names = "--run", description = "ID is a run: cancel every task of it that has not ended.")
  boolean run;

  @Mixin ClientOptions client;

  private final Io io;

  CancelCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Remote remote = client.connect(io);
    String enc = URLEncoder.encode(id, StandardCharsets.UTF_8);
    JsonNode res = remote.post((run ? "/api/v1/runs/" : "/api/v1/tasks/") + enc + "/cancel", "application/json", "");
    if (client.json) io.out().println(res.toString());
    else if (run) io.out().println("cancelling " + res.path("cancelling").asInt() + " open tasks of run " + id);
    else io.out().println("cancelling " + id + " (a waiting task never runs; a running one has its processes killed)");
    io.out().flush();
    return ExitCodes.OK;
  }
}
