package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoreException;
import io.taskexec.store.StoreUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL away or too new: a clear error, after bounded retries where waiting can help. */
class PostgresBadStoreTest {
  private final String schema = Pg.newSchema();
  private static final StoreOptions QUICK = StoreOptions.DEFAULT
      .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300)));

  @AfterEach
  void dropSchema() throws Exception {
    Pg.drop(schema);
  }

  @Test
  void an_unreachable_server_is_retried_for_a_bounded_time_then_named_with_what_to_check() {
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> new PostgresStateStore("jdbc:postgresql://127.0.0.1:1/test?user=postgres", schema, QUICK))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("cannot reach PostgreSQL at 127.0.0.1:1/test: connection refused; is it running? (tried ")
        .satisfies(e -> assertThat(((StoreException) e).retryable()).isTrue());
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
  }

  @Test
  void a_dropped_connection_is_opened_again_and_the_write_goes_through() throws Exception {
    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      s.submit(batch("a", 1, 10));
      Pg.exec("public", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = 'taskexec' AND pid <> pg_backend_pid()");

      s.submit(batch("b", 11, 10));
      s.append(java.util.List.of(Fixtures.event(1, "b0", 0, io.taskexec.event.EventType.READY, io.taskexec.task.TaskState.READY)));
      s.flush();

      assertThat(s.tasks()).hasSize(20);
      assertThat(s.events()).hasSize(1);
    }
  }

  @Test
  void events_stored_one_row_each_by_an_older_version_are_packed_and_read_in_order() throws Exception {
    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      s.submit(batch("t", 1, 3));
    }
    // back to version 3: events one row each in the events table
    Pg.exec(schema, "DROP VIEW event_rows");
    Pg.exec(schema, "DROP TABLE event_packs");
    Pg.exec(schema, "DELETE FROM schema_version WHERE version = 4");
    Pg.exec(schema, "CREATE TABLE task_state (task_id TEXT COLLATE \"C\" PRIMARY KEY, state TEXT NOT NULL,"
        + " attempt INTEGER NOT NULL, last_event_seq BIGINT NOT NULL, last_event_id BIGINT NOT NULL,"
        + " updated_at_ns BIGINT NOT NULL)");
    Pg.exec(schema, "INSERT INTO task_state VALUES ('t0', 'PLACED', 1, 9, 3, 3000), ('t1', 'FAILED', 1, 8, 2, 2000)");
    Pg.exec(schema, "INSERT INTO events VALUES (1, 7, 't0', 0, 'READY', 'READY', 1000, NULL, NULL, NULL, NULL, NULL),"
        + " (2, 8, 't1', 1, 'FAILED', 'FAILED', 2000, 'a1', 'it broke', 3, 'NONZERO_EXIT', '{\"k\": 1}'),"
        + " (3, 9, 't0', 1, 'PLACED', 'PLACED', 3000, 'a1', NULL, NULL, NULL, NULL)");

    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      assertThat(s.events()).extracting(TaskEvent::seq).containsExactly(7L, 8L, 9L);
      assertThat(s.events("t0")).extracting(TaskEvent::type).containsExactly(EventType.READY, EventType.PLACED);
      TaskEvent failed = s.events("t1").get(0);
      assertThat(failed.message()).isEqualTo("it broke");
      assertThat(failed.exitCode()).isEqualTo(3);
      assertThat(failed.failure()).hasToString("NONZERO_EXIT");
      assertThat(failed.data()).containsEntry("k", 1);
      assertThat(s.lastEventSeq()).isEqualTo(9);
      assertThat(s.statuses()).extracting(io.taskexec.store.TaskStatus::state).containsExactly(
          io.taskexec.task.TaskState.PLACED, io.taskexec.task.TaskState.FAILED, io.taskexec.task.TaskState.PENDING);
      assertThat(s.check()).isEmpty();
      s.append(java.util.List.of(Fixtures.event(10, "t2", 0, EventType.READY, io.taskexec.task.TaskState.READY)));
      assertThat(s.events()).extracting(TaskEvent::seq).containsExactly(7L, 8L, 9L, 10L);
    }
    // the view shows the same events one row each
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(Pg.URL);
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT id, seq, task_id, type FROM " + schema + ".event_rows ORDER BY id")) {
      java.util.List<String> rows = new java.util.ArrayList<>();
      while (rs.next()) rows.add(rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4));
      assertThat(rows).containsExactly("1 7 t0 READY", "2 8 t1 FAILED", "3 9 t0 PLACED", "4 10 t2 READY");
    }
  }

  @Test
  void a_schema_newer_than_the_program_is_refused_and_not_touched() throws Exception {
    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      s.submit(batch("t", 1, 3));
    }
    Pg.exec(schema, "INSERT INTO schema_version (version, name, applied_at_ns) VALUES (5, '005-future.sql', 0)");

    assertThatThrownBy(() -> new PostgresStateStore(Pg.URL, schema, QUICK))
        .isInstanceOf(StoreException.class)
        .hasMessage("the store at PostgreSQL 127.0.0.1:5432/test schema " + schema
            + " has schema version 5; this taskexec knows up to 4: upgrade taskexec");
    Pg.exec(schema, "DELETE FROM schema_version WHERE version = 5");
    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      assertThat(s.tasks()).hasSize(3);
    }
  }
}
