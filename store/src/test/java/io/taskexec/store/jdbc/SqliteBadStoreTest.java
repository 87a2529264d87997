package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.batch;
import static io.taskexec.store.jdbc.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoreException;
import io.taskexec.store.StoreUnavailableException;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file that cannot be used is reported with what to do, and never written. */
class SqliteBadStoreTest {
  @TempDir Path dir;

  private static final StoreOptions QUICK = StoreOptions.DEFAULT.withSyncInterval(Duration.ofMillis(20))
      .withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(200)));

  private Path file() {
    return dir.resolve("state.db");
  }

  private void storeWithTasks(int n) {
    try (SqliteStateStore s = new SqliteStateStore(file(), QUICK)) {
      s.submit(batch("t", 1, n));
    }
  }

  @Test
  void a_file_of_garbage_is_refused_with_what_to_do_and_left_byte_for_byte_unchanged() throws IOException {
    byte[] garbage = new byte[8192];
    new Random(42).nextBytes(garbage);
    Files.write(file(), garbage);

    assertThatThrownBy(() -> new SqliteStateStore(file(), QUICK))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the state file " + file() + " is not a SQLite database or is corrupt (")
        .hasMessageEndingWith("); move it aside to start afresh, or restore a backup")
        .satisfies(e -> assertThat(((StoreException) e).retryable()).isFalse());
    assertThat(Files.readAllBytes(file())).isEqualTo(garbage);
    assertThat(dir.resolve("state.db-wal")).doesNotExist();
  }

  @Test
  void a_truncated_file_is_refused_and_left_unchanged() throws IOException {
    storeWithTasks(5000);
    byte[] whole = Files.readAllBytes(file());
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(file(), half);

    assertThatThrownBy(() -> new SqliteStateStore(file(), QUICK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not a SQLite database or is corrupt (it is truncated:")
        .hasMessageContaining("move it aside to start afresh, or restore a backup");
    assertThat(Files.readAllBytes(file())).isEqualTo(half);
  }

  @Test
  void a_store_with_a_newer_schema_is_refused_and_not_touched() throws Exception {
    storeWithTasks(10);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_version (version, name, applied_at_ns) VALUES (5, '005-future.sql', 0)");
    }
    byte[] before = Files.readAllBytes(file());

    assertThatThrownBy(() -> new SqliteStateStore(file(), QUICK))
        .isInstanceOf(StoreException.class)
        .hasMessage("the store at " + file() + " has schema version 5; this taskexec knows up to 3: upgrade taskexec");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void a_sqlite_file_of_another_program_is_refused() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    byte[] before = Files.readAllBytes(file());

    assertThatThrownBy(() -> new SqliteStateStore(file(), QUICK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("holds tables invoices but is not a taskexec store");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void an_older_store_is_migrated_in_order_and_keeps_its_tasks_and_events() throws Exception {
    storeWithTasks(3);
    // back to version 1: no agents, metrics or reports, and one row per event in the events table
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE agents");
      s.execute("DROP TABLE metric_summaries");
      s.execute("DROP TABLE reports");
      s.execute("DROP VIEW event_rows");
      s.execute("DROP TABLE event_packs");
      s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, task_id TEXT NOT NULL,"
          + " attempt INTEGER NOT NULL, type TEXT NOT NULL, state TEXT NOT NULL, at_ns INTEGER NOT NULL,"
          + " agent_id TEXT, message TEXT, exit_code INTEGER, failure TEXT, data TEXT)");
      s.execute("CREATE INDEX events_by_task ON events (task_id, id)");
      s.execute("CREATE TABLE task_state (task_id TEXT PRIMARY KEY, state TEXT NOT NULL, attempt INTEGER NOT NULL,"
          + " last_event_seq INTEGER NOT NULL, last_event_id INTEGER NOT NULL, updated_at_ns INTEGER NOT NULL) WITHOUT ROWID");
      s.execute("INSERT INTO task_state VALUES ('t0', 'PLACED', 1, 9, 3, 3000), ('t1', 'FAILED', 1, 8, 2, 2000)");
      s.execute("INSERT INTO events VALUES (1, 7, 't0', 0, 'READY', 'READY', 1000, NULL, NULL, NULL, NULL, NULL),"
          + " (2, 8, 't1', 1, 'FAILED', 'FAILED', 2000, 'a1', 'it broke', 3, 'NONZERO_EXIT', '{\"k\":1}'),"
          + " (3, 9, 't0', 1, 'PLACED', 'PLACED', 3000, 'a1', NULL, NULL, NULL, NULL)");
      s.execute("DELETE FROM schema_version WHERE version >= 2");
    }

    try (SqliteStateStore s = new SqliteStateStore(file(), QUICK)) {
      assertThat(s.tasks()).hasSize(3);
      assertThat(s.agents()).isEmpty();
      assertThat(s.events()).extracting(TaskEvent::seq).containsExactly(7L, 8L, 9L);
      assertThat(s.events("t0")).extracting(TaskEvent::type).containsExactly(EventType.READY, EventType.PLACED);
      TaskEvent failed = s.events("t1").get(0);
      assertThat(failed.agentId()).isEqualTo("a1");
      assertThat(failed.message()).isEqualTo("it broke");
      assertThat(failed.exitCode()).isEqualTo(3);
      assertThat(failed.failure()).hasToString("NONZERO_EXIT");
      assertThat(failed.data()).containsEntry("k", 1);
      assertThat(s.lastEventSeq()).isEqualTo(9);
      assertThat(s.statuses()).extracting(TaskStatus::state)
          .containsExactly(TaskState.PLACED, TaskState.FAILED, TaskState.PENDING);
      assertThat(s.check()).isEmpty();
      // written after the migration: numbered on from the old events
      s.append(List.of(event(10, "t2", 0, EventType.READY, TaskState.READY)));
      assertThat(s.events()).extracting(TaskEvent::seq).containsExactly(7L, 8L, 9L, 10L);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, name FROM schema_version ORDER BY version")) {
      List<String> versions = new ArrayList<>();
      while (rs.next()) versions.add(rs.getInt(1) + " " + rs.getString(2));
      assertThat(versions).containsExactly("1 001-tasks-and-events.sql", "2 002-agents-metrics-reports.sql",
          "3 003-event-packs.sql");
    }
  }

  @Test
  void a_read_only_directory_is_a_clear_error() throws Exception {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean immutable = false;
    try {
      if (canCreateIn(ro)) immutable = chattr("+i", ro); // root ignores permissions, not the immutable flag
      assumeTrue(!canCreateIn(ro), "cannot make a directory read-only here");

      assertThatThrownBy(() -> new SqliteStateStore(ro.resolve("state.db"), QUICK))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("the data directory " + ro + " is read-only (")
          .hasMessageContaining("make the directory writable, or name another one in state_manager.data_directory");
    } finally {
      if (immutable) chattr("-i", ro);
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void a_full_disk_is_retried_with_backoff_and_loses_no_buffered_event() {
    try (SqliteStateStore s = new SqliteStateStore(file(), QUICK)) {
      s.submit(batch("t", 1, 1));
      s.runOnWriter(c -> limitPages(c, 0));
      List<TaskEvent> events = new ArrayList<>();
      for (int i = 1; i <= 20_000; i++) events.add(event(i, "t0", 0, EventType.PROGRESS, TaskState.PENDING));
      s.append(events);

      assertThatThrownBy(s::flush)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("the disk holding the state file " + file() + " is full")
          .satisfies(e -> assertThat(((StoreException) e).retryable()).isTrue());

      s.runOnWriter(c -> limitPages(c, 1_000_000));
      s.flush();
      assertThat(s.events()).hasSize(20_000);
      assertThat(s.check()).isEmpty();
    }
  }

  @Test
  void events_are_written_behind_within_the_sync_interval_without_a_flush() throws Exception {
    try (SqliteStateStore s = new SqliteStateStore(file(), QUICK.withSyncInterval(Duration.ofMillis(50)))) {
      s.submit(batch("t", 1, 1));
      s.append(List.of(event(1, "t0", 0, EventType.READY, TaskState.READY)));

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rawCount("event_packs") == 1);
    }
  }

  private long rawCount(String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Lets the file grow to at most {@code extra} more pages: SQLite answers SQLITE_FULL beyond. */
  private static void limitPages(Connection c, long extra) throws java.sql.SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
      rs.next();
      long pages = rs.getLong(1);
      st.execute("PRAGMA max_page_count = " + (pages + extra));
    }
  }

  private static boolean canCreateIn(Path d) {
    try {
      Files.delete(Files.createTempFile(d, "probe", ""));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean chattr(String flag, Path p) {
    try {
      return new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
