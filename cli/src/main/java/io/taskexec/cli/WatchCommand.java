package io.taskexec.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec watch [ID]}: follows a run or a task on a server live until it ends (exit 0 when
 * every task succeeded, 1 when one did not); without ID, every event until Ctrl-C.
 */
@Command(name = "watch", description = "Follow a run or a task on a taskexec server live, with a progress bar.")
final class WatchCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A run id or a task id; none follows every event.")
  String id;

  @Mixin ClientOptions client;

  private final Io io;

  WatchCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Remote remote = client.connect(io);
    if (id == null) return new Watcher(remote, io, client.json).follow(null, false);
    boolean isRun = remote.find("/api/v1/runs/" + URLEncoder.encode(id, StandardCharsets.UTF_8)) != null;
    if (!isRun && remote.find("/api/v1/tasks/" + URLEncoder.encode(id, StandardCharsets.UTF_8)) == null)
      throw new UserError("the server at " + remote.base() + " has no run and no task with the id " + id);
    return new Watcher(remote, io, client.json).follow(id, isRun);
  }
}
