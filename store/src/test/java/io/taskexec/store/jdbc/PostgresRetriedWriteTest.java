package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.event.EventType;
import io.taskexec.store.jdbc.Rows.EventRow;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.store.jdbc.Rows.TaskRow;
import io.taskexec.task.TaskState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write retried after a lost connection may find its first try committed: PostgreSQL streams rows
 * with COPY, which skips nothing, so the second try must store nothing twice and refuse nothing.
 */
class PostgresRetriedWriteTest {
  private final String schema = Pg.newSchema();
  private final PostgresDialect dialect = new PostgresDialect(Pg.URL, schema);
  private Connection c;

  @BeforeEach
  void open() throws Exception {
    c = dialect.connect(true);
    new Migrations(dialect).migrate(c, Instant.now());
    c.commit();
  }

  @AfterEach
  void drop() throws Exception {
    c.close();
    Pg.drop(schema);
  }

  @Test
  void packs_written_again_after_their_commit_went_through_are_stored_once() throws Exception {
    List<PackRow> packs = Packs.of(List.of(
        new EventRow(1, event(1, "a", 0, EventType.READY, TaskState.READY)),
        new EventRow(2, event(2, "b\t\\x", 0, EventType.READY, TaskState.READY)),
        new EventRow(3, event(3, "a", 1, EventType.PLACED, TaskState.PLACED))), 3);
    dialect.insertPacks(c, packs);
    c.commit();

    dialect.insertPacks(c, packs);
    c.commit();

    assertThat(count("event_packs")).isEqualTo(2);
    assertThat(one("SELECT task_id FROM event_packs WHERE id = 2")).isEqualTo("b\t\\x");
  }

  @Test
  void tasks_already_stored_or_repeated_in_the_batch_are_told_apart_from_new_ones() throws Exception {
    int n = PostgresDialect.COPY_MIN_TASKS; // large enough to be copied
    List<TaskRow> first = rows("a", n), again = new ArrayList<>(rows("b", n));
    TaskRow odd = new TaskRow("b\\n\t", 0, 10, "{\"id\":\"b\\\\n\\t\"}");
    again.add(0, odd);
    again.add(first.get(3)); // stored already
    again.add(odd); // repeated in the batch

    assertThat(dialect.insertTasks(c, first)).containsOnly(true).hasSize(n);
    c.commit();
    // the COPY is refused by the unique index; back to the savepoint, one INSERT skips what is there
    boolean[] inserted = dialect.insertTasks(c, again);
    c.commit();

    boolean[] expected = new boolean[again.size()];
    Arrays.fill(expected, 0, n + 1, true);
    assertThat(inserted).containsExactly(expected);
    assertThat(count("tasks")).isEqualTo(2L * n + 1);
    assertThat(one("SELECT spec FROM tasks WHERE id = 'b\\n\t'")).isEqualTo(odd.spec());
  }

  private static List<TaskRow> rows(String prefix, int n) {
    List<TaskRow> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) out.add(new TaskRow(prefix + i, i, 10, "{\"id\":\"" + prefix + i + "\"}"));
    return out;
  }

  private long count(String table) throws Exception {
    return Long.parseLong(one("SELECT COUNT(*) FROM " + table));
  }

  private String one(String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      String v = rs.getString(1);
      c.commit();
      return v;
    }
  }
}
