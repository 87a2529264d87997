package io.taskexec.server.http;

import io.taskexec.event.EventListener;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StateStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's events for live streams: a listener that keeps the most recent events in a ring and
 * hands each new one to every open stream. A stream that resumes ({@code Last-Event-ID}) gets what
 * it missed from the ring, or from the store when the ring no longer reaches back that far, then the
 * live events, without a gap or a repeat (events are ordered by their store sequence).
 *
 * <p>Thread-safe. {@link #onEvents} only copies references; a stream that falls more than
 * {@link #QUEUE} events behind is closed (its client reconnects and resumes).
 */
public final class EventFeed implements EventListener {
  static final int RING = 50_000;
  static final int QUEUE = 100_000;

  private final StateStore store;
  private final int ringSize;
  private final ArrayDeque<TaskEvent> ring = new ArrayDeque<>();
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

  public EventFeed(StateStore store) {
    this(store, RING);
  }

  /** A feed whose ring keeps the last {@code ringSize} events. */
  public EventFeed(StateStore store, int ringSize) {
    this.store = store;
    this.ringSize = ringSize;
  }

  @Override
  public void onEvents(List<TaskEvent> events) {
    synchronized (ring) {
      for (TaskEvent e : events) {
        if (ring.size() == ringSize) ring.removeFirst();
        ring.addLast(e);
      }
    }
    for (Subscription s : subscribers) s.offer(events);
  }

  /** Ends every open stream (the server is stopping); their clients reconnect to the next server. */
  public void close() {
    for (Subscription s : subscribers) s.end();
  }

  /** Opens a stream of events after {@code afterSeq}; close it when the client has gone. */
  public Subscription subscribe(long afterSeq) {
    Subscription s = new Subscription(afterSeq);
    subscribers.add(s); // first, so that nothing appended while the backlog is read is missed
    s.backlog = since(afterSeq);
    return s;
  }

  /** The sequence of the latest event the engine has recorded (0 when none). */
  public long latest() {
    synchronized (ring) {
      TaskEvent last = ring.peekLast();
      if (last != null) return last.seq();
    }
    return store.lastEventSeq();
  }

  /** Events after {@code afterSeq}, in order: from the ring when it reaches back, else the store. */
  List<TaskEvent> since(long afterSeq) {
    synchronized (ring) {
      TaskEvent first = ring.peekFirst();
      if (first != null && first.seq() <= afterSeq + 1) {
        List<TaskEvent> out = new ArrayList<>();
        for (TaskEvent e : ring) if (e.seq() > afterSeq) out.add(e);
        return out;
      }
    }
    List<TaskEvent> out = new ArrayList<>();
    for (TaskEvent e : store.events()) if (e.seq() > afterSeq) out.add(e);
    return out;
  }

  /** One open stream: its backlog, then live events. */
  public final class Subscription implements AutoCloseable {
    private final LinkedBlockingQueue<TaskEvent> queue = new LinkedBlockingQueue<>();
    private List<TaskEvent> backlog;
    private long last;
    private volatile boolean lagged;

    private Subscription(long afterSeq) {
      this.last = afterSeq;
    }

    private void end() {
      lagged = true;
      queue.clear();
      queue.offer(TaskEvent.of(Long.MAX_VALUE, "-", 0, io.taskexec.event.EventType.PROGRESS, io.taskexec.task.TaskState.PENDING,
          java.time.Instant.EPOCH)); // wakes a waiting next()
    }

    private void offer(List<TaskEvent> events) {
      if (lagged) return;
      if (queue.size() + events.size() > QUEUE) {
        lagged = true;
        queue.clear();
        return;
      }
      queue.addAll(events);
    }

    /**
     * The next events in order (the backlog first), waiting up to {@code timeoutMs} for one;
     * empty when none came.
     *
     * @throws IllegalStateException when the stream fell too far behind and must resume
     */
    public List<TaskEvent> next(long timeoutMs) throws InterruptedException {
      List<TaskEvent> out = new ArrayList<>();
      if (backlog != null) {
        for (TaskEvent e : backlog) keep(e, out);
        backlog = null;
        if (!out.isEmpty()) return out;
      }
      if (lagged) throw new IllegalStateException("the stream fell behind; resume from " + last);
      TaskEvent e = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
      if (lagged) throw new IllegalStateException("the stream fell behind or the server stops; resume from " + last);
      if (e == null) return out;
      keep(e, out);
      List<TaskEvent> more = new ArrayList<>();
      queue.drainTo(more, 1000);
      for (TaskEvent m : more) keep(m, out);
      return out;
    }

    private void keep(TaskEvent e, List<TaskEvent> out) {
      if (e.seq() <= last) return; // already sent from the backlog
      last = e.seq();
      out.add(e);
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
