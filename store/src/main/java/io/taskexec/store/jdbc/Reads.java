package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.ReportEntry;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskRecord;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The queries of a store, on its own connection (readers do not wait for the writer). */
final class Reads implements AutoCloseable {
  /** Maps one row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static final String TASK_COLUMNS = "id, seq, submitted_at_ns, spec";

  private final Dialect dialect;
  private Connection conn;

  Reads(Dialect dialect) {
    this.dialect = dialect;
  }

  synchronized <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
    for (int tries = 1; ; tries++) {
      try {
        if (conn == null) conn = dialect.connect(false);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
          for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
          try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
          }
        }
      } catch (SQLException e) {
        boolean lost = dialect.connectionLost(e);
        if (lost) closeQuietly();
        if (!lost || tries > 1) throw dialect.translate(e, "reading");
      }
    }
  }

  List<StoredTask> tasks() {
    return list("SELECT " + TASK_COLUMNS + " FROM tasks ORDER BY seq", this::task);
  }

  Optional<StoredTask> task(String id) {
    return list("SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?", this::task, id).stream().findFirst();
  }

  private StoredTask task(ResultSet rs) throws SQLException {
    return new StoredTask(Codec.task(rs.getString(4), dialect.where()), rs.getLong(2),
        Codec.instant(rs.getLong(3)));
  }

  /** One row of {@code event_packs}, not decoded yet. */
  record Pack(long id, String taskId, String body) {
    List<Packs.Stored> decode(String where) {
      List<Packs.Stored> out = new ArrayList<>(4);
      Packs.decode(id, taskId, body, where, out::add);
      return out;
    }
  }

  /** The packs that {@code sql} selects ({@code id, task_id, body}), in its order. */
  List<Pack> packs(String sql, Object... args) {
    return list(sql, rs -> new Pack(rs.getLong(1), rs.getString(2), rs.getString(3)), args);
  }

  List<TaskEvent> events() {
    List<TaskEvent> out = new ArrayList<>();
    Packs.InOrder order = new Packs.InOrder(e -> out.add(e.event()));
    for (Pack p : packs(Packs.ALL)) order.pack(p.id(), p.decode(dialect.where()));
    order.end();
    return out;
  }

  List<TaskEvent> events(String taskId) {
    // one task's packs do not interleave: each holds the task's events of one write
    List<TaskEvent> out = new ArrayList<>();
    for (Pack p : packs(Packs.OF_TASK, taskId)) {
      for (Packs.Stored e : p.decode(dialect.where())) out.add(e.event());
    }
    return out;
  }

  // The scan of forEachTask: three queries in submission order (seq, then id for equal seqs), the
  // packs and summaries of each task in the order the per-task queries give them. Every row carries
  // its task's (seq, id), by which the three are merged.
  private static final String SCAN_TASKS = "SELECT " + TASK_COLUMNS + " FROM tasks ORDER BY seq, id";
  private static final String SCAN_PACKS = "SELECT t.seq, t.id, p.id, p.body FROM tasks t"
      + " JOIN event_packs p ON p.task_id = t.id ORDER BY t.seq, t.id, p.id";
  private static final String SCAN_METRICS = "SELECT t.seq, t.id, m.name, m.count, m.min, m.max, m.mean, m.p50,"
      + " m.p95, m.p99 FROM tasks t JOIN metric_summaries m ON m.task_id = t.id ORDER BY t.seq, t.id, m.name";
  private static final int FETCH_SIZE = 1000;

  /**
   * Every task with its status, attempts and metric summaries, in submission order, holding one
   * task's rows at a time: the three scan queries read forward together, on a connection of their
   * own (so that other reads do not wait for the scan, nor the writer for it) in one transaction,
   * rolled back at the end, which on PostgreSQL is one snapshot (REPEATABLE READ) and lets the
   * driver fetch by cursor, {@value #FETCH_SIZE} rows at a time (SQLite steps its statements
   * anyway). A lost connection is retried once when no task was handed out yet.
   */
  void forEachTask(Consumer<TaskRecord> each) {
    for (int tries = 1; ; tries++) {
      boolean[] started = {false};
      try (Connection c = dialect.connect(false)) {
        c.setAutoCommit(false);
        if (c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ))
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
          scan(c, each, started);
        } finally {
          c.rollback(); // read only: nothing to keep
        }
        return;
      } catch (SQLException e) {
        boolean lost = dialect.connectionLost(e);
        if (!lost || tries > 1 || started[0]) throw dialect.translate(e, "reading");
      }
    }
  }

  private void scan(Connection c, Consumer<TaskRecord> each, boolean[] started) throws SQLException {
    String where = dialect.where();
    try (PreparedStatement ts = forward(c, SCAN_TASKS);
        PreparedStatement ps = forward(c, SCAN_PACKS);
        PreparedStatement ms = forward(c, SCAN_METRICS);
        ResultSet tr = ts.executeQuery();
        ResultSet pr = ps.executeQuery();
        ResultSet mr = ms.executeQuery()) {
      boolean packs = pr.next(), metrics = mr.next();
      while (tr.next()) {
        StoredTask t = task(tr);
        String id = t.task().id();
        List<TaskEvent> events = new ArrayList<>();
        int at;
        // rows of a task not in this scan cannot come (the joins), but are skipped rather than misread
        while (packs && (at = compare(pr, t.seq(), id)) <= 0) {
          if (at == 0) Packs.decode(pr.getLong(3), id, pr.getString(4), where, e -> events.add(e.event()));
          packs = pr.next();
        }
        List<MetricSummary> summaries = new ArrayList<>(2);
        while (metrics && (at = compare(mr, t.seq(), id)) <= 0) {
          if (at == 0) summaries.add(new MetricSummary(id, mr.getString(3), mr.getLong(4), mr.getDouble(5),
              mr.getDouble(6), mr.getDouble(7), mr.getDouble(8), mr.getDouble(9), mr.getDouble(10)));
          metrics = mr.next();
        }
        started[0] = true;
        each.accept(TaskRecord.of(t, events, summaries));
      }
    }
  }

  private static PreparedStatement forward(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    ps.setFetchSize(FETCH_SIZE);
    return ps;
  }

  /** How the row's task (columns 1 and 2: seq, id) sorts against the task {@code (seq, id)}. */
  private static int compare(ResultSet rs, long seq, String id) throws SQLException {
    int c = Long.compare(rs.getLong(1), seq);
    return c != 0 ? c : compareIds(rs.getString(2), id);
  }

  /**
   * Ids in the stores' order: bytewise on UTF-8 (SQLite's BINARY, PostgreSQL's "C"), which is code
   * point order; {@link String#compareTo} (UTF-16 units) differs for characters beyond U+FFFF.
   */
  static int compareIds(String a, String b) {
    int i = 0, j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i), cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Where the store is, for messages. */
  String where() {
    return dialect.where();
  }

  Optional<TaskStatus> status(String taskId) {
    return list(Packs.STATUS_SELECT + " WHERE t.id = ?", Reads::status, taskId).stream().findFirst();
  }

  List<TaskStatus> statuses() {
    return list(Packs.STATUS_SELECT + " ORDER BY t.seq", Reads::status);
  }

  private static TaskStatus status(ResultSet rs) throws SQLException {
    String state = rs.getString(3);
    if (state == null)
      return new TaskStatus(rs.getString(1), TaskState.PENDING, 0, 0, Codec.instant(rs.getLong(2)));
    return new TaskStatus(rs.getString(1), TaskState.valueOf(state), rs.getInt(4), rs.getLong(5),
        Codec.instant(rs.getLong(6)));
  }

  long one(String sql) {
    return list(sql, rs -> rs.getLong(1)).get(0);
  }

  List<AgentSpec> agents() {
    return list("SELECT id, cpu_cores, memory_gb, storage_gb, gpu_indices, labels FROM agents ORDER BY id",
        rs -> new AgentSpec(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
            Codec.ints(rs.getString(5)), Codec.strings(rs.getString(6))));
  }

  List<MetricSummary> metricSummaries(String taskId) {
    return list("SELECT task_id, name, count, min, max, mean, p50, p95, p99 FROM metric_summaries"
            + " WHERE task_id = ? ORDER BY name",
        rs -> new MetricSummary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4),
            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)),
        taskId);
  }

  List<ReportEntry> reports() {
    return list("SELECT id, kind, format, path, created_at_ns FROM reports ORDER BY created_at_ns, id",
        rs -> new ReportEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            Codec.instant(rs.getLong(5))));
  }

  synchronized List<String> integrityProblems() {
    try {
      if (conn == null) conn = dialect.connect(false);
      return dialect.integrityProblems(conn);
    } catch (SQLException e) {
      throw dialect.translate(e, "checking");
    }
  }

  private void closeQuietly() {
    try {
      if (conn != null) conn.close();
    } catch (SQLException ignored) {
      // the connection is gone either way
    }
    conn = null;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
