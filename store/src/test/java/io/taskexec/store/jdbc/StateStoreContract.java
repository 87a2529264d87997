package io.taskexec.store.jdbc;

import static io.taskexec.store.jdbc.Fixtures.T0;
import static io.taskexec.store.jdbc.Fixtures.batch;
import static io.taskexec.store.jdbc.Fixtures.event;
import static io.taskexec.store.jdbc.Fixtures.fullEvent;
import static io.taskexec.store.jdbc.Fixtures.fullTask;
import static io.taskexec.store.jdbc.Fixtures.stored;
import static io.taskexec.store.jdbc.Fixtures.task;
import static io.taskexec.store.jdbc.Fixtures.twoAttempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.ConflictException;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.ReportEntry;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskRecord;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do. Subclasses open the store under test; those whose data
 * outlives the object also say how to open it again.
 */
abstract class StateStoreContract {
  protected StateStore store;

  /** A new, empty store. */
  protected abstract StateStore open() throws Exception;

  /** The same store opened again after {@code old} was closed; null when nothing survives. */
  protected StateStore reopen() throws Exception {
    return null;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = open();
  }

  @AfterEach
  void closeStore() {
    if (store != null) store.close();
  }

  private StateStore closeAndReopen() throws Exception {
    store.close();
    StateStore again = reopen();
    assumeTrue(again != null, "this store keeps nothing after close");
    store = again;
    return again;
  }

  @Test
  void submitted_tasks_come_back_whole_and_in_submission_order() {
    store.submit(List.of(stored(fullTask("b"), 1), stored(task("a"), 2)));
    store.submit(List.of(stored(task("c"), 3)));

    assertThat(store.tasks()).containsExactly(stored(fullTask("b"), 1), stored(task("a"), 2), stored(task("c"), 3));
    assertThat(store.task("b")).contains(stored(fullTask("b"), 1));
    assertThat(store.task("nope")).isEmpty();
    assertThat(store.lastTaskSeq()).isEqualTo(3);
  }

  @Test
  void submitting_the_same_id_and_spec_again_is_accepted_and_changes_nothing() {
    store.submit(List.of(stored(fullTask("a"), 1)));
    store.submit(List.of(stored(fullTask("a"), 9), stored(task("b"), 10)));

    assertThat(store.tasks()).containsExactly(stored(fullTask("a"), 1), stored(task("b"), 10));
  }

  @Test
  void submitting_an_id_with_another_spec_is_a_conflict_naming_it_and_writes_nothing_of_the_batch() {
    store.submit(List.of(stored(task("a"), 1)));

    assertThatThrownBy(() -> store.submit(List.of(stored(task("new"), 2), stored(fullTask("a"), 3))))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.taskIds()).containsExactly("a"))
        .hasMessageContaining("a already submitted with a different spec");
    assertThat(store.tasks()).containsExactly(stored(task("a"), 1));
  }

  @Test
  void a_batch_that_repeats_an_id_with_two_specs_is_a_conflict() {
    assertThatThrownBy(() -> store.submit(List.of(stored(task("x"), 1), stored(fullTask("x"), 2))))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.taskIds()).containsExactly("x"));
    assertThat(store.tasks()).isEmpty();
  }

  @Test
  void events_come_back_with_every_field() {
    store.submit(List.of(stored(task("a"), 1)));
    TaskEvent e = fullEvent(5, "a");
    TaskEvent bare = event(6, "a", 0, EventType.PROGRESS, TaskState.FAILED);
    store.append(List.of(e, bare));

    assertThat(store.events()).containsExactly(e, bare);
    assertThat(store.events().get(0).data()).isEqualTo(e.data());
    assertThat(store.events().get(0).at()).isEqualTo(e.at());
  }

  @Test
  void events_keep_the_order_they_were_appended_in() {
    store.submit(batch("t", 1, 3));
    List<TaskEvent> all = new ArrayList<>();
    long seq = 1;
    for (int round = 0; round < 5; round++) {
      List<TaskEvent> chunk = new ArrayList<>();
      for (int i = 0; i < 3; i++) chunk.add(event(seq++, "t" + i, 0, EventType.PROGRESS, TaskState.PENDING));
      store.append(chunk);
      all.addAll(chunk);
    }

    assertThat(store.events()).containsExactlyElementsOf(all);
    assertThat(store.events("t1")).containsExactlyElementsOf(all.stream().filter(e -> e.taskId().equals("t1")).toList());
    assertThat(store.lastEventSeq()).isEqualTo(15);
  }

  @Test
  void events_written_over_several_writes_keep_their_order_and_the_status_follows_the_last() {
    store.submit(batch("t", 1, 2));
    List<TaskEvent> all = List.of(event(1, "t0", 0, EventType.SUBMITTED, TaskState.PENDING),
        event(2, "t1", 0, EventType.SUBMITTED, TaskState.PENDING), event(3, "t0", 0, EventType.READY, TaskState.READY),
        event(4, "t1", 0, EventType.READY, TaskState.READY), event(5, "t0", 1, EventType.PLACED, TaskState.PLACED),
        event(6, "t0", 1, EventType.STARTED, TaskState.RUNNING), event(7, "t0", 1, EventType.SUCCEEDED, TaskState.SUCCEEDED));
    store.append(all.subList(0, 3));
    store.flush();
    store.append(all.subList(3, 5));
    store.flush();
    store.append(all.subList(5, 7));

    assertThat(store.events()).containsExactlyElementsOf(all);
    assertThat(store.events("t0")).extracting(TaskEvent::seq).containsExactly(1L, 3L, 5L, 6L, 7L);
    assertThat(store.status("t0")).map(TaskStatus::state).contains(TaskState.SUCCEEDED);
    assertThat(store.status("t1")).map(TaskStatus::lastEventSeq).contains(4L);
    assertThat(store.lastEventSeq()).isEqualTo(7);
    assertThat(store.check()).isEmpty();
  }

  @Test
  void status_is_pending_before_any_event_and_then_follows_the_last_event() {
    store.submit(List.of(stored(task("a"), 1), stored(task("b"), 2)));
    store.append(twoAttempts("a", 10));

    assertThat(store.status("a")).contains(new TaskStatus("a", TaskState.SUCCEEDED, 2, 18, T0.plusSeconds(6)));
    assertThat(store.status("b")).contains(new TaskStatus("b", TaskState.PENDING, 0, 0, T0.plusMillis(2)));
    assertThat(store.status("nope")).isEmpty();
    assertThat(store.statuses()).extracting(TaskStatus::taskId, TaskStatus::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", TaskState.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("b", TaskState.PENDING));
  }

  @Test
  void attempts_with_their_results_are_told_by_the_events() {
    store.submit(List.of(stored(task("a"), 1)));
    store.append(twoAttempts("a", 10));

    List<AttemptRow> attempts = store.attempts("a");

    assertThat(attempts).containsExactly(
        new AttemptRow("a", 1, "a1", "0,2", T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3),
            TaskState.RETRYING, FailureKind.NONZERO_EXIT, 1, "x.Boom", "exit 1", "/logs/a/1"),
        new AttemptRow("a", 2, "a2", null, T0.plusSeconds(4), T0.plusSeconds(5), T0.plusSeconds(6),
            TaskState.SUCCEEDED, null, 0, null, null, null));
    assertThat(store.attempts("nope")).isEmpty();
  }

  @Test
  void flushed_events_and_acknowledged_tasks_are_there_after_reopening() throws Exception {
    store.submit(List.of(stored(fullTask("a"), 1)));
    store.append(twoAttempts("a", 1));
    store.flush();
    store.append(List.of(event(50, "a", 2, EventType.PROGRESS, TaskState.SUCCEEDED)));

    StateStore again = closeAndReopen();

    assertThat(again.tasks()).containsExactly(stored(fullTask("a"), 1));
    assertThat(again.events()).hasSize(10);
    assertThat(again.status("a")).map(TaskStatus::lastEventSeq).contains(50L);
    assertThat(again.check()).isEmpty();
  }

  @Test
  void concurrent_submitters_are_all_acknowledged_and_all_stored() throws Exception {
    int threads = 16, batches = 10, size = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int th = t;
      done.add(pool.submit(() -> {
        go.await();
        for (int b = 0; b < batches; b++) {
          long first = ((long) th * batches + b) * size;
          store.submit(batch("w" + th + "-" + b + "-", first + 1, size));
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) f.get();
    pool.shutdown();

    List<StoredTask> all = store.tasks();
    assertThat(all).hasSize(threads * batches * size);
    assertThat(all).extracting(StoredTask::seq).isSorted().doesNotHaveDuplicates();
    assertThat(store.check()).isEmpty();
  }

  @Test
  void the_consistency_check_passes_a_normal_life() {
    store.submit(List.of(stored(task("a"), 1), stored(task("b"), 2)));
    store.append(twoAttempts("a", 1));
    store.append(List.of(event(20, "b", 0, EventType.CANCELLED, TaskState.CANCELLED)));

    assertThat(store.check()).isEmpty();
  }

  @Test
  void the_consistency_check_names_unknown_tasks_seq_going_back_and_double_endings() {
    store.submit(List.of(stored(task("a"), 1)));
    store.append(List.of(
        event(5, "a", 1, EventType.SUCCEEDED, TaskState.SUCCEEDED),
        event(4, "ghost", 0, EventType.READY, TaskState.READY),
        event(6, "a", 1, EventType.FAILED, TaskState.FAILED)));

    assertThat(store.check()).containsExactlyInAnyOrder(
        "event seq 4 refers to task ghost, which is not stored",
        "event seq 4 follows seq 5: sequence numbers must strictly increase",
        "task a has 2 terminal events; a task ends once");
  }

  @Test
  void agents_are_stored_replaced_and_removed() {
    AgentSpec a = new AgentSpec("a", 8, 32, 100, List.of(0, 1), Map.of("zone", "eu"));
    store.putAgent(a);
    store.putAgent(AgentSpec.of("b", 2, 4, 10, 0));
    AgentSpec a2 = new AgentSpec("a", 16, 64, 200, List.of(), Map.of());
    store.putAgent(a2);

    assertThat(store.agents()).containsExactly(a2, AgentSpec.of("b", 2, 4, 10, 0));
    store.removeAgent("b");
    store.removeAgent("never");
    assertThat(store.agents()).containsExactly(a2);
  }

  @Test
  void metric_summaries_are_kept_per_task_and_name_and_replaced() {
    MetricSummary cpu = new MetricSummary("a", "cpu_percent", 10, 1, 90, 40.5, 38, 85, 89.9);
    MetricSummary mem = new MetricSummary("a", "memory_mb", 10, 100, 900, 400, 380, 850, 899);
    store.putMetricSummaries(List.of(mem, cpu, new MetricSummary("b", "cpu_percent", 1, 5, 5, 5, 5, 5, 5)));
    MetricSummary cpu2 = new MetricSummary("a", "cpu_percent", 20, 0.5, 95, 41, 39, 86, 94);
    store.putMetricSummaries(List.of(cpu2));

    assertThat(store.metricSummaries("a")).containsExactly(cpu2, mem);
    assertThat(store.metricSummaries("none")).isEmpty();
  }

  @Test
  void the_report_index_lists_reports_oldest_first_and_replaces_by_id() {
    ReportEntry r1 = new ReportEntry("r1", "run", "html", "reports/r1.html", T0.plusSeconds(10));
    ReportEntry r2 = new ReportEntry("r2", "task", "json", "reports/r2.json", T0);
    store.addReport(r1);
    store.addReport(r2);
    ReportEntry r1b = new ReportEntry("r1", "run", "pdf", "reports/r1.pdf", T0.plusSeconds(20));
    store.addReport(r1b);

    assertThat(store.reports()).containsExactly(r2, r1b);
  }

  /** Lives of several tasks, interleaved and numbered in the order appended. */
  private static List<TaskEvent> interleaved(List<List<TaskEvent>> lives, long firstSeq) {
    List<TaskEvent> out = new ArrayList<>();
    int longest = lives.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<TaskEvent> life : lives) {
        if (i >= life.size()) continue;
        TaskEvent e = life.get(i);
        out.add(new TaskEvent(firstSeq + out.size(), e.taskId(), e.attempt(), e.type(), e.state(), e.at(), e.agentId(),
            e.message(), e.exitCode(), e.failure(), e.data()));
      }
    }
    return out;
  }

  @Test
  void for_each_task_yields_what_the_per_task_reads_tell_in_submission_order() {
    // ids out of submission order, one beyond ASCII; two batches
    store.submit(List.of(stored(fullTask("c"), 1), stored(task("a"), 2), stored(task("\u00e9t\u00e9"), 3)));
    store.submit(List.of(stored(task("b"), 4), stored(task("d"), 5)));
    List<TaskEvent> all = interleaved(List.of(twoAttempts("a", 0), twoAttempts("c", 0).subList(0, 5),
        twoAttempts("d", 0).subList(0, 4), List.of(fullEvent(0, "\u00e9t\u00e9"))), 10);
    // over four writes, the last one left buffered
    store.append(all.subList(0, 5));
    store.flush();
    store.append(all.subList(5, 11));
    store.flush();
    store.append(all.subList(11, 16));
    store.flush();
    store.append(all.subList(16, all.size()));
    MetricSummary cpu = new MetricSummary("a", "cpu_percent", 10, 1, 90, 40.5, 38, 85, 89.9);
    MetricSummary mem = new MetricSummary("a", "memory_mb", 10, 100, 900, 400, 380, 850, 899);
    MetricSummary dCpu = new MetricSummary("d", "cpu_percent", 3, 5, 7, 6, 6, 7, 7);
    MetricSummary ghost = new MetricSummary("ghost", "cpu_percent", 1, 1, 1, 1, 1, 1, 1);
    store.putMetricSummaries(List.of(mem, dCpu, ghost, cpu));

    List<TaskRecord> expected = new ArrayList<>();
    for (TaskStatus s : store.statuses()) {
      expected.add(new TaskRecord(store.task(s.taskId()).orElseThrow(), s, store.attempts(s.taskId()),
          store.metricSummaries(s.taskId())));
    }
    List<TaskRecord> seen = new ArrayList<>();
    List<TaskStatus> readMeanwhile = new ArrayList<>();
    store.forEachTask(r -> {
      seen.add(r);
      readMeanwhile.add(store.status(r.id()).orElseThrow()); // the store can be read during a scan
    });

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(seen).extracting(TaskRecord::id).containsExactly("c", "a", "\u00e9t\u00e9", "b", "d");
    assertThat(readMeanwhile).containsExactlyElementsOf(seen.stream().map(TaskRecord::status).toList());
    TaskRecord a = seen.get(1);
    assertThat(a.status().state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(a.attempts()).extracting(AttemptRow::attempt, AttemptRow::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, TaskState.RETRYING),
            org.assertj.core.groups.Tuple.tuple(2, TaskState.SUCCEEDED));
    assertThat(a.metrics()).containsExactly(cpu, mem);
    assertThat(seen.get(0).stored().task()).isEqualTo(fullTask("c"));
    assertThat(seen.get(0).status().state()).isEqualTo(TaskState.RETRYING);
    assertThat(seen.get(0).attempts()).hasSize(1);
    assertThat(seen.get(3).status().state()).isEqualTo(TaskState.PENDING);
    assertThat(seen.get(3).attempts()).isEmpty();
    assertThat(seen.get(4).metrics()).containsExactly(dCpu);
    assertThat(seen.get(2).status().state()).isEqualTo(TaskState.FAILED);
  }

  @Test
  void for_each_task_of_an_empty_store_calls_nothing_and_an_exception_of_the_callback_ends_the_scan() {
    List<TaskRecord> seen = new ArrayList<>();
    store.forEachTask(seen::add);
    assertThat(seen).isEmpty();

    store.submit(batch("t", 1, 3));
    assertThatThrownBy(() -> store.forEachTask(r -> {
      seen.add(r);
      throw new IllegalStateException("stop at " + r.id());
    })).isInstanceOf(IllegalStateException.class).hasMessage("stop at t0");
    assertThat(seen).hasSize(1);

    seen.clear();
    store.forEachTask(seen::add); // the store is still usable
    assertThat(seen).extracting(TaskRecord::id).containsExactly("t0", "t1", "t2");
  }
}
