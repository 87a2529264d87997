package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.store.ConflictException;
import io.taskexec.store.StoreException;
import io.taskexec.store.jdbc.Rows.EventRow;
import io.taskexec.store.jdbc.Rows.SubmitBatch;
import io.taskexec.store.jdbc.Rows.TaskRow;
import io.taskexec.store.jdbc.Writer.Op;
import io.taskexec.store.jdbc.Writer.Pending;
import io.taskexec.store.jdbc.Writer.Work;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writer writes of one turn, in at most two transactions: first submissions (each
 * caller's batch all or nothing) and small writes, committed and acknowledged at once, so that a
 * submitter never waits for events to be written; then the events, packed ({@link Packs}).
 * Errors that waiting can cure are retried with backoff, for at most {@link Backoff#giveUpAfter}.
 * Writer thread only.
 */
final class Round implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Round.class);

  /** How a round ended: {@code error} is null when everything was committed. */
  record Outcome(StoreException error) {}

  private static final Outcome OK = new Outcome(null);

  private final Dialect dialect;
  private final StoreOptions options;
  private Connection conn;
  private long nextEventId;
  private long lastSeq;
  private volatile long commits;
  private volatile long commitNanos;

  /**
   * @param conn the migrated write connection
   * @param nextEventId the storage id of the next event
   * @param lastSeq the largest event seq stored
   */
  Round(Dialect dialect, StoreOptions options, Connection conn, long nextEventId, long lastSeq) {
    this.dialect = dialect;
    this.options = options;
    this.conn = conn;
    this.nextEventId = nextEventId;
    this.lastSeq = lastSeq;
  }

  Outcome run(Work w) {
    if (!w.submits().isEmpty() || !w.ops().isEmpty()) {
      Outcome out = run(w.submits(), List.of(), w.ops());
      if (out.error() != null) return out; // the events were not tried: the writer keeps them
    }
    return w.events().isEmpty() ? OK : run(List.of(), w.events(), List.of());
  }

  private Outcome run(List<Pending<SubmitBatch>> submits, List<TaskEvent> events, List<Pending<Op>> ops) {
    long start = options.clock().nanoTime();
    List<Pending<SubmitBatch>> subs = new ArrayList<>(submits);
    for (int tries = 1; ; tries++) {
      try {
        if (conn == null) conn = dialect.connect(true);
        List<Pending<SubmitBatch>> rejected = writeOnce(subs, events, ops);
        if (!rejected.isEmpty()) {
          subs.removeAll(rejected);
          tries = 0;
          continue;
        }
        nextEventId += events.size();
        for (TaskEvent e : events) lastSeq = Math.max(lastSeq, e.seq());
        subs.forEach(p -> p.done().complete(null));
        ops.forEach(p -> p.done().complete(null));
        if (tries > 1) log.info("{}: written after {} tries", dialect.where(), tries);
        return OK;
      } catch (SQLException e) {
        rollbackQuietly();
        if (dialect.connectionLost(e)) closeQuietly();
        StoreException se = dialect.translate(e, "writing");
        long elapsed = options.clock().nanoTime() - start;
        if (se.retryable() && elapsed < options.backoff().giveUpAfter().toNanos()) {
          log.warn("{} (try {}; trying again)", se.getMessage(), tries);
          pause(options.backoff().delayAfter(tries).toNanos());
          continue;
        }
        return fail(subs, ops, se);
      } catch (StoreException e) {
        rollbackQuietly();
        return fail(subs, ops, e);
      } catch (RuntimeException e) {
        rollbackQuietly();
        return fail(subs, ops, new StoreException(dialect.where() + ": writing failed: " + e, e));
      }
    }
  }

  /** Transactions committed so far. */
  long commits() {
    return commits;
  }

  /** Time spent in commit calls so far (the database making them durable). */
  long commitNanos() {
    return commitNanos;
  }

  private Outcome fail(List<Pending<SubmitBatch>> subs, List<Pending<Op>> ops, StoreException e) {
    subs.forEach(p -> p.done().completeExceptionally(e));
    ops.forEach(p -> p.done().completeExceptionally(e));
    return new Outcome(e);
  }

  /** Writes and commits; or rolls back and returns the submissions that conflict (already failed). */
  private List<Pending<SubmitBatch>> writeOnce(List<Pending<SubmitBatch>> subs, List<TaskEvent> events,
      List<Pending<Op>> ops) throws SQLException {
    if (!subs.isEmpty()) {
      List<TaskRow> all = new ArrayList<>();
      for (Pending<SubmitBatch> p : subs) all.addAll(p.work().rows());
      boolean[] inserted = dialect.insertTasks(conn, all);
      List<Pending<SubmitBatch>> rejected = conflicts(subs, all, inserted);
      if (!rejected.isEmpty()) {
        conn.rollback();
        return rejected;
      }
    }
    for (Pending<Op> p : ops) p.work().write(conn);
    if (!events.isEmpty()) {
      // a task's last pack is its current state: no other row is written
      List<EventRow> rows = new ArrayList<>(events.size());
      long id = nextEventId, maxSeq = lastSeq;
      for (TaskEvent e : events) {
        rows.add(new EventRow(id++, e));
        maxSeq = Math.max(maxSeq, e.seq());
      }
      dialect.insertPacks(conn, Packs.of(rows, maxSeq));
    }
    long t = options.clock().nanoTime();
    conn.commit();
    commitNanos += options.clock().nanoTime() - t;
    commits++; // writer thread only; volatile for readers
    dialect.committed();
    return List.of();
  }

  /** The submissions with a row whose id is stored with another spec; each failed with its ids. */
  private List<Pending<SubmitBatch>> conflicts(List<Pending<SubmitBatch>> subs, List<TaskRow> all,
      boolean[] inserted) throws SQLException {
    Set<String> again = new HashSet<>();
    for (int i = 0; i < all.size(); i++) if (!inserted[i]) again.add(all.get(i).id());
    if (again.isEmpty()) return List.of();
    Map<String, String> stored = specs(again);
    List<Pending<SubmitBatch>> rejected = new ArrayList<>();
    int i = 0;
    for (Pending<SubmitBatch> p : subs) {
      Set<String> ids = new LinkedHashSet<>();
      for (TaskRow r : p.work().rows()) {
        if (!inserted[i++] && !Codec.sameSpec(stored.get(r.id()), r.spec(), dialect.where())) ids.add(r.id());
      }
      if (!ids.isEmpty()) {
        rejected.add(p);
        p.done().completeExceptionally(new ConflictException(List.copyOf(ids)));
      }
    }
    return rejected;
  }

  private Map<String, String> specs(Set<String> ids) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps = conn.prepareStatement(Sql.SPEC_OF)) {
      for (String id : ids) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) out.put(id, rs.getString(1));
        }
      }
    }
    return out;
  }

  private void pause(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void rollbackQuietly() {
    if (conn != null && !dialect.rollback(conn)) closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (conn != null) conn.close();
    } catch (SQLException e) {
      log.debug("close failed", e);
    }
    conn = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
