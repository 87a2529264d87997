package io.taskexec.cli;

import io.taskexec.config.StateManagerConfig;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoreException;
import io.taskexec.store.TaskStatus;
import io.taskexec.store.jdbc.SqliteStateStore;
import io.taskexec.store.jdbc.StateStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where {@code taskexec run FILE} keeps its state: with SQLite (the default), one store per task
 * file under {@code <data>/state/<file name>/}. A stored run that did not finish is resumed; one
 * that finished is moved aside (kept for history) and a new run starts; {@code --fresh} always
 * starts anew.
 */
final class RunState {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunState() {}

  static StateStore open(StateManagerConfig cfg, Path data, Path taskFile, boolean fresh, Instant now, PrintStream err) {
    try {
      if (!"sqlite".equalsIgnoreCase(cfg.persistence() == null ? "sqlite" : cfg.persistence())) {
        return StateStores.open(cfg, data);
      }
      Path dir = StoredRun.directory(data, taskFile);
      if (Files.exists(dir.resolve(SqliteStateStore.FILE_NAME))) {
        StateStore previous = StateStores.open(cfg, dir);
        List<TaskStatus> statuses = previous.statuses();
        boolean finished = !statuses.isEmpty() && statuses.stream().allMatch(s -> s.state().isTerminal());
        if (!fresh && !finished) return previous;
        previous.close();
        Path kept = dir.resolveSibling(dir.getFileName() + "-" + STAMP.format(now));
        Files.move(dir, kept);
        err.println((fresh ? "starting afresh" : "the previous run of this file had finished")
            + "; its state is kept in " + Inputs.display(kept));
      }
      return StateStores.open(cfg, dir);
    } catch (StoreException e) {
      throw new UserError(e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot move the previous run's state aside in " + data + ": " + e.getMessage());
    }
  }
}
