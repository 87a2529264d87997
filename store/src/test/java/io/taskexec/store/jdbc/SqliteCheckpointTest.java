package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied into the state file beside the writer, while the store is open and
 * long before the writer's own automatic checkpoint would (its backstop is far larger than this
 * test writes), and what it copies reads back whole.
 */
class SqliteCheckpointTest {
  @TempDir Path dir;

  @Test
  void committed_submissions_reach_the_database_file_while_the_store_is_open() throws Exception {
    Path file = dir.resolve("state.db");
    try (SqliteStateStore s = new SqliteStateStore(file, Duration.ofSeconds(1))) {
      long before = Files.size(file);
      s.submit(batch("t", 1, 5_000)); // some hundred pages: far below the writer's backstop
      long logged = Files.size(wal(file));

      await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(file) - before > logged / 2);
      assertThat(s.tasks()).hasSize(5_000);
    }
  }

  private static Path wal(Path file) {
    return file.resolveSibling(file.getFileName() + "-wal");
  }
}
