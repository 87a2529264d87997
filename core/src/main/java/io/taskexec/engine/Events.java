package io.taskexec.engine;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventListener;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StateStore;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes events and moves states, on the scheduler thread. Every state change goes through
 * {@link #transition}, which enforces {@link TaskState#canMoveTo}. Events of one scheduler round are
 * handed to the store and the listeners together by {@link #flush}.
 */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final Clock clock;
  private final StateStore store;
  private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLongArray counts = new AtomicLongArray(TaskState.values().length);
  /** The round's events so far; handed out as a list of their own by {@link #flush}. */
  private TaskEvent[] batch = new TaskEvent[256];
  private int batchSize;
  private long seq;
  private java.time.Instant now;

  /** Reads the clock once for the events that follow: one round's events share its time. */
  void tick() {
    now = clock.now();
  }

  private java.time.Instant now() {
    return now != null ? now : clock.now();
  }

  Events(Clock clock, StateStore store, List<EventListener> listeners) {
    this.clock = clock;
    this.store = store;
    this.listeners.addAll(listeners);
  }

  /** Continues numbering after events already stored, and counts recovered tasks. */
  void recovered(long lastSeq, List<TaskRun> runs) {
    seq = Math.max(seq, lastSeq);
    for (TaskRun r : runs) counts.incrementAndGet(r.state.ordinal());
  }

  void addListener(EventListener l) {
    listeners.add(l);
  }

  /** The SUBMITTED event; the task starts in PENDING. */
  void emit(TaskRun run, EventType type, String message) {
    if (type == EventType.SUBMITTED) bump(TaskState.PENDING.ordinal(), 1);
    add(new TaskEvent(++seq, run.id(), run.attempt, type, run.state, now(), agent(run), message, null, null, Map.of()));
  }

  void transition(TaskRun run, TaskState to, EventType type, String message) {
    transition(run, to, type, message, null, null, Map.of());
  }

  void transition(TaskRun run, TaskState to, EventType type, String message, Integer exitCode,
      FailureKind failure, Map<String, Object> data) {
    TaskState from = run.state;
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("task " + run.id() + ": illegal transition " + from + " -> " + to);
    }
    bump(from.ordinal(), -1);
    bump(to.ordinal(), 1);
    run.state = to;
    java.time.Instant at = now();
    if (to == TaskState.READY) run.readyAt = at;
    add(new TaskEvent(++seq, run.id(), run.attempt, type, to, at, agent(run), message, exitCode, failure, data));
  }

  /** An event that changes no state (ESCALATED, PROGRESS, SAMPLE). */
  void note(TaskRun run, EventType type, String message, FailureKind failure, Map<String, Object> data) {
    add(new TaskEvent(++seq, run.id(), run.attempt, type, run.state, now(), agent(run), message, null, failure, data));
  }

  void emitProgress(TaskRun run, double fraction, String message) {
    note(run, EventType.PROGRESS, message, null, Map.of("progress", fraction));
  }

  void emitSample(TaskRun run, String name, double value) {
    note(run, EventType.SAMPLE, null, null, Map.of("name", name, "value", value));
  }

  private static String agent(TaskRun run) {
    return run.allocation == null ? null : run.allocation.agentId();
  }

  /**
   * Counts change on the scheduler thread only (one writer), so a plain read and an ordered write
   * do what an atomic increment did, without its locked instruction; readers on other threads see
   * each count whole.
   */
  private void bump(int state, int by) {
    counts.setRelease(state, counts.getPlain(state) + by);
  }

  private void add(TaskEvent e) {
    if (batchSize == batch.length) batch = java.util.Arrays.copyOf(batch, batchSize * 2);
    batch[batchSize++] = e;
  }

  void flush() {
    if (batchSize == 0) return;
    // A list of its own, exactly sized: the store may keep it (write-behind), listeners may too.
    List<TaskEvent> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      out.add(batch[i]);
      batch[i] = null;
    }
    batchSize = 0;
    try {
      store.append(out);
    } catch (RuntimeException e) {
      log.error("could not store {} events; they are still delivered to listeners", out.size(), e);
    }
    for (EventListener l : listeners) {
      try {
        l.onEvents(out);
      } catch (RuntimeException e) {
        log.error("event listener {} failed; it keeps receiving", l, e);
      }
    }
  }

  long count(TaskState s) {
    return counts.get(s.ordinal());
  }
}
