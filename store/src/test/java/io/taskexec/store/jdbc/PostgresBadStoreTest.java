package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void a_schema_newer_than_the_program_is_refused_and_not_touched() throws Exception {
    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      s.submit(batch("t", 1, 3));
    }
    Pg.exec(schema, "INSERT INTO schema_version (version, name, applied_at_ns) VALUES (5, '005-future.sql', 0)");

    assertThatThrownBy(() -> new PostgresStateStore(Pg.URL, schema, QUICK))
        .isInstanceOf(StoreException.class)
        .hasMessage("the store at PostgreSQL 127.0.0.1:5432/test schema " + schema
            + " has schema version 5; this taskexec knows up to 2: upgrade taskexec");
    Pg.exec(schema, "DELETE FROM schema_version WHERE version = 5");
    try (PostgresStateStore s = new PostgresStateStore(Pg.URL, schema, QUICK)) {
      assertThat(s.tasks()).hasSize(3);
    }
  }
}
