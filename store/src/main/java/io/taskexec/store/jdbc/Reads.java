package io.taskexec.store.jdbc;

import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.MetricSummary;
import io.taskexec.store.ReportEntry;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The queries of a store, on its own connection (readers do not wait for the writer). */
final class Reads implements AutoCloseable {
  /** Maps one row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static final String TASK_COLUMNS = "id, seq, submitted_at_ns, spec";
  private static final String STATUS_SELECT =
      "SELECT t.id, t.submitted_at_ns, s.state, s.attempt, s.last_event_seq, s.updated_at_ns"
          + " FROM tasks t LEFT JOIN task_state s ON s.task_id = t.id";

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

  List<TaskEvent> events() {
    return list("SELECT " + Sql.EVENT_COLUMNS + " FROM events ORDER BY id", Codec::event);
  }

  List<TaskEvent> events(String taskId) {
    return list("SELECT " + Sql.EVENT_COLUMNS + " FROM events WHERE task_id = ? ORDER BY id",
        Codec::event, taskId);
  }

  Optional<TaskStatus> status(String taskId) {
    return list(STATUS_SELECT + " WHERE t.id = ?", Reads::status, taskId).stream().findFirst();
  }

  List<TaskStatus> statuses() {
    return list(STATUS_SELECT + " ORDER BY t.seq", Reads::status);
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
