package io.taskexec.reporting;

import io.taskexec.store.jdbc.SqliteStateStore;
import java.nio.file.Path;
import java.time.Duration;

/** Real SQLite stores for the tests, one file per test directory. */
final class Stores {
  private Stores() {}

  static SqliteStateStore sqlite(Path dir) {
    return new SqliteStateStore(dir.resolve("state.db"), Duration.ofMillis(50));
  }

  /** A store holding a synthetic run of {@code tasks} tasks on {@code agents} agents. */
  static SqliteStateStore withRun(Path dir, int tasks, int agents, SyntheticRun run) {
    SqliteStateStore s = sqlite(dir);
    run.write(s, tasks, agents);
    return s;
  }
}
