package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.ReportEntry;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskRecord;
import io.taskexec.store.TaskStatus;
import io.taskexec.store.jdbc.Rows.SubmitBatch;
import io.taskexec.store.jdbc.Rows.TaskRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link StateStore} on a SQL database, the same for SQLite and PostgreSQL: writes go through the
 * store's {@link Writer} (group commit, write-behind events), reads through {@link Reads}. Reads
 * flush buffered events first, so they see everything appended before them. Where the database
 * allows two writers at once (PostgreSQL), submissions and small writes have a writer and a
 * connection of their own, so that an acknowledgement never waits for events being written.
 */
abstract class JdbcStateStore implements StateStore {
  private final Dialect dialect;
  private final Writer writer;
  /** Writes submissions and small writes: {@link #writer} itself, or a second one. */
  private final Writer submitter;
  private final Reads reads;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Opens: checks the schema version, migrates, starts the writer. */
  JdbcStateStore(Dialect dialect, StoreOptions options, Connection writeConnection) {
    this.dialect = dialect;
    this.reads = new Reads(dialect);
    long[] last;
    try {
      new Migrations(dialect).migrate(writeConnection, options.clock().now());
      last = lastEvent(writeConnection);
      writeConnection.commit();
    } catch (SQLException e) {
      closeQuietly(writeConnection);
      throw dialect.translate(e, "opening");
    } catch (RuntimeException e) {
      closeQuietly(writeConnection);
      throw e;
    }
    Round round = new Round(dialect, options, writeConnection, last[0] + 1, last[1]);
    this.writer = new Writer(options, round, "taskexec-store-writer " + dialect.where());
    // the second connection is made by its writer's first round (and again after a loss), so that
    // opening waits for no second connection and a failure to make one is retried like any other
    this.submitter = dialect.concurrentWriters()
        ? new Writer(options, new Round(dialect, options, null, 0, 0), "taskexec-store-submitter " + dialect.where())
        : writer;
  }

  /** The largest event id and seq stored, 0 when none. */
  private static long[] lastEvent(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(Packs.LAST_EVENT)) {
      return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
    }
  }

  static void closeQuietly(Connection c) {
    try {
      if (c != null) c.close();
    } catch (SQLException ignored) {
      // closing after a failure; the first error is the one reported
    }
  }

  /** Where the store is, as in its messages. */
  public String where() {
    return dialect.where();
  }

  @Override
  public void submit(List<StoredTask> tasks) {
    if (tasks.isEmpty()) return;
    List<TaskRow> rows = new ArrayList<>(tasks.size());
    for (StoredTask t : tasks) rows.add(TaskRow.of(t));
    await(submitter.submit(new SubmitBatch(rows)));
  }

  @Override
  public void append(List<TaskEvent> events) {
    writer.append(events);
  }

  @Override
  public void flush() {
    await(writer.flush());
  }

  private void readable() {
    if (closed.get()) throw new IllegalStateException("the store is closed");
    if (writer.unwritten() > 0) flush();
  }

  @Override
  public List<StoredTask> tasks() {
    readable();
    return reads.tasks();
  }

  @Override
  public List<TaskEvent> events() {
    readable();
    return reads.events();
  }

  @Override
  public Optional<StoredTask> task(String taskId) {
    readable();
    return reads.task(taskId);
  }

  @Override
  public List<TaskEvent> events(String taskId) {
    readable();
    return reads.events(taskId);
  }

  @Override
  public Optional<TaskStatus> status(String taskId) {
    readable();
    return reads.status(taskId);
  }

  @Override
  public List<TaskStatus> statuses() {
    readable();
    return reads.statuses();
  }

  /** Streams the store in three queries ordered by task (see {@link Reads#forEachTask}). */
  @Override
  public void forEachTask(Consumer<TaskRecord> each) {
    readable();
    reads.forEachTask(each);
  }

  @Override
  public long lastEventSeq() {
    readable();
    return reads.list(Packs.LAST_EVENT, rs -> rs.getLong(2)).stream().findFirst().orElse(0L);
  }

  @Override
  public long lastTaskSeq() {
    readable();
    return reads.one("SELECT COALESCE(MAX(seq), 0) FROM tasks");
  }

  @Override
  public void putAgent(AgentSpec a) {
    String gpus = Codec.write(a.gpuIndices());
    String labels = Codec.write(a.labels());
    update(Sql.UPSERT_AGENT, a.id(), a.cpuCores(), a.memoryGb(), a.storageGb(), gpus, labels);
  }

  @Override
  public void removeAgent(String agentId) {
    update(Sql.DELETE_AGENT, agentId);
  }

  @Override
  public List<AgentSpec> agents() {
    readable();
    return reads.agents();
  }

  @Override
  public void putMetricSummaries(List<MetricSummary> summaries) {
    if (summaries.isEmpty()) return;
    List<MetricSummary> copy = List.copyOf(summaries);
    await(submitter.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT_METRIC)) {
        for (MetricSummary m : copy) {
          set(ps, m.taskId(), m.name(), m.count(), m.min(), m.max(), m.mean(), m.p50(), m.p95(), m.p99());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }));
  }

  @Override
  public List<MetricSummary> metricSummaries(String taskId) {
    readable();
    return reads.metricSummaries(taskId);
  }

  @Override
  public void addReport(ReportEntry r) {
    update(Sql.UPSERT_REPORT, r.id(), r.kind(), r.format(), r.path(), Codec.nanos(r.created()));
  }

  @Override
  public List<ReportEntry> reports() {
    readable();
    return reads.reports();
  }

  @Override
  public List<String> check() {
    flush();
    return Checks.run(reads);
  }

  /** Runs {@code op} on the submissions' connection in its next transaction (tests: simulate faults). */
  void runOnWriter(Writer.Op op) {
    await(submitter.write(op));
  }

  /** Transactions committed so far (tests: group commit). */
  long commits() {
    return writer.commits() + (submitter == writer ? 0 : submitter.commits());
  }

  /** Time the writers spent in commits so far (the benchmark's breakdown). */
  long commitNanos() {
    return writer.commitNanos() + (submitter == writer ? 0 : submitter.commitNanos());
  }

  /** Submissions waiting for the writer (tests: group commit). */
  int queuedSubmissions() {
    return submitter.queuedSubmissions();
  }

  private void update(String sql, Object... args) {
    await(submitter.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        set(ps, args);
        ps.executeUpdate();
      }
    }));
  }

  private static void set(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
  }

  private static void await(CompletableFuture<Void> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
  }

  /** Writes everything buffered, then closes. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      if (submitter != writer) submitter.close();
    } finally {
      try {
        writer.close();
      } finally {
        try {
          reads.close();
        } finally {
          dialect.close();
        }
      }
    }
  }
}
