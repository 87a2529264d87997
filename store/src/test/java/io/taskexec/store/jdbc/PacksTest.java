package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.event;
import static io.taskexec.store.jdbc.Fixtures.fullEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoreException;
import io.taskexec.store.jdbc.Rows.EventRow;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packed events come back whole, and in the order appended across the packs of many writes. */
class PacksTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00.123456789Z");

  @Test
  void every_field_and_every_place_a_null_can_be_comes_back() {
    List<TaskEvent> events = List.of(
        fullEvent(1, "a"),
        event(2, "a", 0, EventType.READY, TaskState.READY),
        new TaskEvent(3, "a", 1, EventType.PLACED, TaskState.PLACED, T, "agent", null, null, null, Map.of()),
        new TaskEvent(4, "a", 1, EventType.PROGRESS, TaskState.RUNNING, T, null, "half \"way\"\n", null, null, Map.of()),
        new TaskEvent(5, "a", 1, EventType.RETRYING, TaskState.RETRYING, T, null, null, 137, null, Map.of()),
        new TaskEvent(6, "a", 1, EventType.ESCALATED, TaskState.RETRYING, T, null, null, null, FailureKind.TIMEOUT, Map.of()),
        new TaskEvent(7, "a", 2, EventType.SAMPLE, TaskState.RUNNING, T.minusSeconds(1_000_000), null, null, null, null,
            Map.of("name", "gpu", "value", 1.5e300, "big", 1L << 40, "ü", "\u0001")));
    List<EventRow> rows = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) rows.add(new EventRow(100 + i * 3, events.get(i)));

    List<PackRow> packs = Packs.of(rows, 7);
    assertThat(packs).hasSize(1);
    PackRow p = packs.get(0);
    assertThat(p.id()).isEqualTo(100);
    assertThat(p.uptoId()).isEqualTo(118);
    assertThat(p.state()).isEqualTo("RUNNING");
    assertThat(p.lastSeq()).isEqualTo(7);
    List<Packs.Stored> back = new ArrayList<>();
    Packs.decode(p.id(), p.taskId(), p.body(), "here", back::add);

    assertThat(back).extracting(Packs.Stored::event).containsExactlyElementsOf(events);
    assertThat(back).extracting(Packs.Stored::id).containsExactly(100L, 103L, 106L, 109L, 112L, 115L, 118L);
    assertThat(back.get(6).event().data()).containsEntry("big", 1L << 40).containsEntry("value", 1.5e300);
  }

  @Test
  void events_of_many_tasks_over_many_writes_are_read_back_in_the_order_appended() {
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      int tasks = 1 + r.nextInt(6), n = 1 + r.nextInt(60);
      List<TaskEvent> appended = new ArrayList<>();
      for (int i = 1; i <= n; i++) appended.add(event(i, "t" + r.nextInt(tasks), 0, EventType.PROGRESS, TaskState.RUNNING));
      // split into writes as the writer would, numbering events on from one write to the next
      List<PackRow> stored = new ArrayList<>();
      long id = 1;
      for (int from = 0; from < n; ) {
        int to = Math.min(n, from + 1 + r.nextInt(12));
        List<EventRow> write = new ArrayList<>();
        for (TaskEvent e : appended.subList(from, to)) write.add(new EventRow(id++, e));
        stored.addAll(Packs.of(write, to));
        from = to;
      }
      stored.sort(Comparator.comparingLong(PackRow::id)); // as ORDER BY id reads them

      List<TaskEvent> read = new ArrayList<>();
      Packs.InOrder order = new Packs.InOrder(s -> read.add(s.event()));
      for (PackRow p : stored) {
        List<Packs.Stored> events = new ArrayList<>();
        Packs.decode(p.id(), p.taskId(), p.body(), "here", events::add);
        order.pack(p.id(), events);
      }
      order.end();

      assertThat(read).as("seed %d", seed).containsExactlyElementsOf(appended);
      assertThat(stored.get(stored.size() - 1).uptoId()).as("seed %d: the last pack knows the last id", seed)
          .isEqualTo(n);
    }
  }

  @Test
  void a_damaged_pack_is_a_clear_error_naming_the_task_and_the_store() {
    assertThatThrownBy(() -> Packs.decode(5, "t7", "[[0, 1, 0, \"READY\"", "the state file x.db", e -> {}))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the events of task t7 stored in the state file x.db (pack 5) cannot be read (")
        .hasMessageEndingWith("the store was written by another version of taskexec or edited by hand");
    assertThatThrownBy(() -> Packs.decode(5, "t7", "[[0, 1, 0, \"NO_SUCH_TYPE\", \"READY\", 0]]", "x", e -> {}))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("NO_SUCH_TYPE");
  }
}
