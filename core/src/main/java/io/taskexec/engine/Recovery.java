package io.taskexec.engine;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.execute.ShellExecutor;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine's tasks from its store on start. A task that ended keeps its end and never
 * runs again; one that was waiting waits again; one that was placed or running in a process that
 * died runs again (at-least-once), its lost attempt recorded as {@code LOST_WORKER} and any of its
 * processes still alive stopped first.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /** What was found: every run, and how many were ended, waiting, and interrupted. */
  record Result(List<TaskRun> runs, long maxSeq, long maxEventSeq, int ended, int waiting, int interrupted) {}

  private Recovery() {}

  static Result load(StateStore store) {
    return load(store, false);
  }

  /**
   * @param adopt cluster mode: an attempt that was placed or running when the previous coordinator
   *     stopped is taken over as it is (its agent may still run it and report on it), not lost;
   *     the coordinator gives it up if its agent does not claim it
   */
  static Result load(StateStore store, boolean adopt) {
    List<StoredTask> tasks = store.tasks();
    Map<String, List<TaskEvent>> byTask = new HashMap<>();
    long maxEventSeq = 0;
    for (TaskEvent e : store.events()) {
      byTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
      maxEventSeq = Math.max(maxEventSeq, e.seq());
    }
    List<TaskRun> runs = new ArrayList<>(tasks.size());
    long maxSeq = 0;
    int ended = 0, waiting = 0, interrupted = 0;
    for (StoredTask st : tasks) {
      TaskRun run = new TaskRun(st.task(), st.seq(), st.submittedAt());
      maxSeq = Math.max(maxSeq, st.seq());
      List<TaskEvent> events = byTask.getOrDefault(st.task().id(), List.of());
      boolean inFlight = adopt && inFlight(events);
      TaskState last = replay(run, events, inFlight);
      if (last.isTerminal()) {
        run.state = last;
        ended++;
      } else if (inFlight) {
        run.state = last; // adopted: SchedulerLoop.recovered gives it its context
        interrupted++;
      } else if (last == TaskState.PLACED || last == TaskState.RUNNING) {
        interrupted++;
        stopOrphan(run, events);
      } else {
        waiting++;
      }
      runs.add(run);
    }
    return new Result(runs, maxSeq, maxEventSeq, ended, waiting, interrupted);
  }

  /** Rebuilds attempts from events (as the store tells them); returns the last state recorded. */
  /** Whether the last state recorded is PLACED or RUNNING. */
  private static boolean inFlight(List<TaskEvent> events) {
    TaskState last = TaskState.PENDING;
    for (TaskEvent e : events) if (changesState(e.type())) last = e.state();
    return last == TaskState.PLACED || last == TaskState.RUNNING;
  }

  private static TaskState replay(TaskRun run, List<TaskEvent> events, boolean adoptLast) {
    List<AttemptRow> rows = AttemptRow.fromEvents(events);
    for (int i = 0; i < rows.size(); i++) {
      AttemptRow r = rows.get(i);
      run.attempt = r.attempt();
      if (r.startedAt() != null && run.firstStartedAt == null) run.firstStartedAt = r.startedAt();
      boolean lost = r.endedAt() == null;
      if (lost && adoptLast && i == rows.size() - 1) {
        run.allocation = new io.taskexec.place.Allocation(run.id(), r.attempt(), r.agentId(), run.task.requirements(),
            gpus(r.gpus()));
        run.placedAt = r.placedAt();
        run.startedAt = r.startedAt();
        continue;
      }
      run.addAttempt(new AttemptRecord(r.attempt(), r.agentId(), gpus(r.gpus()), r.placedAt(), r.startedAt(),
          r.endedAt(), lost ? TaskState.READY : r.outcome(), lost ? FailureKind.LOST_WORKER : r.failure(),
          r.exitCode(), lost ? "the engine running it stopped; it runs again" : r.message(),
          r.logLocation() == null ? null : Path.of(r.logLocation())));
    }
    TaskState last = TaskState.PENDING;
    for (TaskEvent e : events) {
      if (changesState(e.type())) last = e.state();
      if (e.state().isTerminal()) run.reason = e.message();
    }
    return last;
  }

  private static boolean changesState(EventType t) {
    return t != EventType.PROGRESS && t != EventType.SAMPLE && t != EventType.LAUNCHED && t != EventType.ESCALATED;
  }

  private static List<Integer> gpus(String cudaVisibleDevices) {
    if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) return List.of();
    List<Integer> out = new ArrayList<>();
    for (String s : cudaVisibleDevices.split(",")) out.add(Integer.parseInt(s.trim()));
    return out;
  }

  /** Stops a process of a lost attempt that outlived its engine, if it is still the same process. */
  private static void stopOrphan(TaskRun run, List<TaskEvent> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      TaskEvent e = events.get(i);
      if (e.type() != EventType.LAUNCHED || e.attempt() != run.attempt) continue;
      if (Boolean.TRUE.equals(e.data().get("remote"))) return; // on another machine: its agent stops it
      long pid = ((Number) e.data().get("pid")).longValue();
      long start = ((Number) e.data().getOrDefault("pid_start", 0L)).longValue();
      ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
        long actual = p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        if (start != 0 && actual != start) return;
        log.warn("stopping process {} of {} (attempt {}), left running by an engine that stopped", pid, run.id(), run.attempt);
        ShellExecutor.killTree(p, Duration.ofSeconds(2));
        p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(x -> null).join();
      });
      return;
    }
  }
}
