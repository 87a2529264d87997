package io.taskexec.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told. Scheduled actions run on the thread that calls
 * {@link #advance}, in due order. For tests and simulation.
 */
public final class ManualClock implements Clock {
  private record Timer(long dueNanos, long seq, Runnable action, boolean[] cancelled)
      implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final Instant origin;
  private long nanos;
  private long seq;
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();

  public ManualClock(Instant origin) {
    this.origin = origin;
  }

  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return origin.plusNanos(nanos);
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable action) {
    boolean[] cancelled = {false};
    timers.add(new Timer(nanos + Math.max(0, delay.toNanos()), seq++, action, cancelled));
    return () -> {
      synchronized (ManualClock.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves time forward, running every action that falls due, each at its own time. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = nanos + d.toNanos();
    }
    while (true) {
      Timer next;
      synchronized (this) {
        next = timers.peek();
        if (next == null || next.dueNanos > target) {
          nanos = target;
          return;
        }
        timers.poll();
        nanos = Math.max(nanos, next.dueNanos);
        if (next.cancelled[0]) continue;
      }
      next.action.run();
    }
  }

  /** How many scheduled actions are waiting. */
  public synchronized int pendingTimers() {
    return (int) timers.stream().filter(t -> !t.cancelled[0]).count();
  }
}
