package io.taskexec.reporting;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.task.Deadline;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a run into a store through the SPI, as the engine would have: tasks of four types on
 * {@code agents} agents with four slots each, every tenth task after the one before it, about 4%
 * retried once, 3% failing with exit code 1, 10% with a deadline (some missed), and metric
 * summaries for the even tasks. Seeded: the same arguments give the same run. The bench's report
 * group writes its runs with it too (through this module's test jar).
 */
public final class SyntheticRun {
  static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  static final String[] TYPES = {"etl", "train", "render", "report"};

  final Map<String, Integer> expectedStates = new HashMap<>();
  int failed, retried, deadlines, missed;

  public void write(StateStore store, int tasks, int agents) {
    Random rnd = new Random(42);
    for (int a = 0; a < agents; a++) store.putAgent(new AgentSpec("agent-" + a, 16, 64, 100, List.of(0, 1), Map.of()));
    long[][] slots = new long[agents][4];
    for (long[] s : slots) java.util.Arrays.fill(s, T0.toEpochMilli());
    long seq = 0;
    List<StoredTask> batch = new ArrayList<>();
    List<TaskEvent> events = new ArrayList<>();
    List<MetricSummary> metrics = new ArrayList<>();
    long prevEnd = 0;
    for (int i = 0; i < tasks; i++) {
      String type = TYPES[i % TYPES.length];
      String id = String.format("t%06d", i);
      Task.Builder b = Task.builder(id, type).cpu(type.equals("train") ? 4 : 1).memoryGb(type.equals("train") ? 8 : 2);
      if (type.equals("train")) b.gpus(1);
      boolean dependent = i % 10 == 9;
      if (dependent) b.after(String.format("t%06d", i - 1));
      boolean hasDeadline = i % 10 == 3;
      if (hasDeadline) b.deadline(new Deadline.After(Duration.ofMinutes(i % 20 == 3 ? 1 : 600)));
      Task t = b.command("run " + id).build();
      Instant submitted = T0;
      batch.add(new StoredTask(t, i + 1, submitted));
      int agent = i % agents;
      long[] ag = slots[agent];
      int slot = 0;
      for (int s = 1; s < ag.length; s++) if (ag[s] < ag[slot]) slot = s;
      long start = Math.max(ag[slot], dependent ? prevEnd : 0);
      events.add(ev(++seq, id, 0, EventType.SUBMITTED, TaskState.PENDING, submitted, null, null, null, null));
      events.add(ev(++seq, id, 0, EventType.READY, TaskState.READY, submitted, null, null, null, null));
      boolean retry = rnd.nextInt(100) < 4, fail = !retry && rnd.nextInt(100) < 3;
      int attempts = retry ? 2 : 1;
      long end = start;
      TaskState last = TaskState.SUCCEEDED;
      for (int at = 1; at <= attempts; at++) {
        long dur = 20_000 + rnd.nextInt(type.equals("train") ? 600_000 : 120_000);
        String agentId = "agent-" + agent;
        events.add(ev(++seq, id, at, EventType.PLACED, TaskState.PLACED, Instant.ofEpochMilli(start), agentId, null, null, null));
        events.add(ev(++seq, id, at, EventType.STARTED, TaskState.RUNNING, Instant.ofEpochMilli(start), agentId, null, null, null));
        end = start + dur;
        if (at < attempts) {
          events.add(ev(++seq, id, at, EventType.RETRYING, TaskState.RETRYING, Instant.ofEpochMilli(end), agentId,
              "exit code 137: killed (out of memory)", 137, FailureKind.NONZERO_EXIT));
          events.add(ev(++seq, id, at, EventType.READY, TaskState.READY, Instant.ofEpochMilli(end + 1000), null, null, null, null));
          start = end + 1000;
        } else if (fail) {
          last = TaskState.FAILED;
          events.add(ev(++seq, id, at, EventType.FAILED, TaskState.FAILED, Instant.ofEpochMilli(end), agentId,
              "exit code 1: input file missing", 1, FailureKind.NONZERO_EXIT));
        } else {
          events.add(ev(++seq, id, at, EventType.SUCCEEDED, TaskState.SUCCEEDED, Instant.ofEpochMilli(end), agentId,
              null, 0, null));
        }
      }
      ag[slot] = end + 500;
      prevEnd = end;
      if (retry) retried++;
      if (fail) failed++;
      if (hasDeadline) {
        deadlines++;
        if (end > t.deadline().resolve(submitted).toEpochMilli()) missed++;
      }
      expectedStates.merge(last.name(), 1, Integer::sum);
      if (i % 2 == 0) {
        double run = (end - start) / 1000.0;
        double cores = t.requirements().cpuCores() * (0.3 + 0.5 * rnd.nextDouble());
        metrics.add(new MetricSummary(id, "cpu_seconds", 10, 0, cores * run, cores * run / 2, 0, 0, 0));
        double mb = t.requirements().memoryGb() * 1024 * (0.2 + 0.6 * rnd.nextDouble());
        metrics.add(new MetricSummary(id, "memory_mb", 10, 10, mb, mb / 2, mb / 2, mb * 0.9, mb * 0.95));
      }
      if (batch.size() >= 5_000) {
        flush(store, batch, events, metrics);
      }
    }
    flush(store, batch, events, metrics);
  }

  private static void flush(StateStore store, List<StoredTask> batch, List<TaskEvent> events, List<MetricSummary> metrics) {
    store.submit(batch);
    store.append(events);
    store.flush();
    if (!metrics.isEmpty()) store.putMetricSummaries(metrics);
    batch.clear();
    events.clear();
    metrics.clear();
  }

  private static TaskEvent ev(long seq, String id, int attempt, EventType type, TaskState state, Instant at, String agent,
      String message, Integer exit, FailureKind failure) {
    return new TaskEvent(seq, id, attempt, type, state, at, agent, message, exit, failure, Map.of());
  }
}
