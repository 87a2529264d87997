package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoreException;
import io.taskexec.store.jdbc.Rows.SubmitBatch;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to a store. Callers queue work and (except for events) wait on a
 * future; the thread takes everything queued and writes it in one transaction ({@link Round}), so
 * concurrent callers share a commit. Events wait up to the sync interval, or until the buffer is
 * large or someone flushes; a round woken by a submission does not take them before then.
 */
final class Writer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);

  /** A small write (agent, metric summary, report) run inside the round's transaction. */
  @FunctionalInterface
  interface Op {
    void write(Connection c) throws java.sql.SQLException;
  }

  record Pending<T>(T work, CompletableFuture<Void> done) {}

  /** Everything one transaction writes. */
  record Work(List<Pending<SubmitBatch>> submits, List<TaskEvent> events, List<Pending<Op>> ops,
      List<CompletableFuture<Void>> flushes) {}

  private final StoreOptions options;
  private final Round round;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicLong unwritten = new AtomicLong();
  // guarded by lock
  private List<Pending<SubmitBatch>> submits = new ArrayList<>();
  private ArrayDeque<TaskEvent> events = new ArrayDeque<>();
  private List<Pending<Op>> ops = new ArrayList<>();
  private List<CompletableFuture<Void>> flushes = new ArrayList<>();
  private long oldestEventNanos;
  private boolean closing;
  private StoreException broken;

  Writer(StoreOptions options, Round round, String name) {
    this.options = options;
    this.round = round;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Void> submit(SubmitBatch batch) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    lock.lock();
    try {
      refuseIfDone();
      submits.add(new Pending<>(batch, f));
      wake.signal();
    } finally {
      lock.unlock();
    }
    return f;
  }

  CompletableFuture<Void> write(Op op) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    lock.lock();
    try {
      refuseIfDone();
      ops.add(new Pending<>(op, f));
      wake.signal();
    } finally {
      lock.unlock();
    }
    return f;
  }

  void append(List<TaskEvent> batch) {
    if (batch.isEmpty()) return;
    lock.lock();
    try {
      refuseIfDone();
      boolean first = events.isEmpty();
      if (first) oldestEventNanos = options.clock().nanoTime();
      events.addAll(batch);
      unwritten.addAndGet(batch.size());
      // the first event starts the sync interval's clock: the writer must begin its timed wait
      if (first || events.size() >= options.maxBufferedEvents()) wake.signal();
    } finally {
      lock.unlock();
    }
  }

  CompletableFuture<Void> flush() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    lock.lock();
    try {
      if (broken != null) throw new StoreException(broken.getMessage(), broken);
      if (closing && !thread.isAlive()) {
        f.complete(null);
        return f;
      }
      flushes.add(f);
      wake.signal();
    } finally {
      lock.unlock();
    }
    return f;
  }

  /** Submissions waiting for the writer to take them. */
  int queuedSubmissions() {
    lock.lock();
    try {
      return submits.size();
    } finally {
      lock.unlock();
    }
  }

  /** Transactions committed so far. */
  long commits() {
    return round.commits();
  }

  /** Time spent committing so far. */
  long commitNanos() {
    return round.commitNanos();
  }

  /** Events appended but not yet committed. */
  long unwritten() {
    return unwritten.get();
  }

  private void refuseIfDone() {
    if (broken != null) throw new StoreException(broken.getMessage(), broken);
    if (closing) throw new IllegalStateException("the store is closed");
  }

  private void loop() {
    try {
      Work w;
      while ((w = next()) != null) {
        Round.Outcome out = round.run(w);
        settle(w, out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      round.close();
    }
  }

  private Work next() throws InterruptedException {
    lock.lock();
    try {
      if (broken != null) {
        refuseQueued(broken);
        while (!closing) wake.await();
        return null;
      }
      while (true) {
        if (!submits.isEmpty() || !ops.isEmpty() || !flushes.isEmpty() || closing
            || events.size() >= options.maxBufferedEvents()) break;
        if (events.isEmpty()) {
          wake.await();
          continue;
        }
        long left = oldestEventNanos + options.syncInterval().toNanos() - options.clock().nanoTime();
        if (left <= 0) break;
        wake.awaitNanos(left);
      }
      if (closing && submits.isEmpty() && ops.isEmpty() && flushes.isEmpty() && events.isEmpty())
        return null;
      // a round woken by a submission leaves events that are not yet due where they are: written
      // later, they are written in fewer, larger packs, and the submission waits for no event
      List<TaskEvent> due = eventsDue() ? new ArrayList<>(events) : List.of();
      Work w = new Work(submits, due, ops, flushes);
      submits = new ArrayList<>();
      if (!due.isEmpty()) events = new ArrayDeque<>();
      ops = new ArrayList<>();
      flushes = new ArrayList<>();
      return w;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the buffered events must be written now: flushed, closing, too many, or too old. Lock held. */
  private boolean eventsDue() {
    if (events.isEmpty()) return false;
    return closing || !flushes.isEmpty() || events.size() >= options.maxBufferedEvents()
        || options.clock().nanoTime() - oldestEventNanos >= options.syncInterval().toNanos();
  }

  private void settle(Work w, Round.Outcome out) {
    if (out.error() == null) {
      unwritten.addAndGet(-w.events().size());
      w.flushes().forEach(f -> f.complete(null));
      return;
    }
    lock.lock();
    try {
      // nothing of the round was written: its events go back in front, in order
      List<TaskEvent> back = w.events();
      if (closing) {
        log.error("closing the store with {} events that could not be written: {}",
            back.size() + events.size(), out.error().getMessage());
        unwritten.addAndGet(-(back.size() + events.size()));
        events.clear();
        back = List.of();
      }
      for (int i = back.size() - 1; i >= 0; i--) events.addFirst(back.get(i));
      if (!back.isEmpty()) oldestEventNanos = options.clock().nanoTime();
      if (!out.error().retryable()) {
        broken = out.error();
        log.error("the store is broken and refuses further work; {} events stay unwritten: {}",
            events.size(), out.error().getMessage());
      } else if (!back.isEmpty()) {
        log.warn("{} events are kept in memory and tried again: {}", events.size(), out.error().getMessage());
      }
    } finally {
      lock.unlock();
    }
    w.flushes().forEach(f -> f.completeExceptionally(out.error()));
  }

  private void refuseQueued(StoreException e) {
    submits.forEach(p -> p.done().completeExceptionally(e));
    ops.forEach(p -> p.done().completeExceptionally(e));
    flushes.forEach(f -> f.completeExceptionally(e));
    submits = new ArrayList<>();
    ops = new ArrayList<>();
    flushes = new ArrayList<>();
  }

  /** Writes what is queued, then stops the thread; waits for it. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
