package io.taskexec.store.jdbc;

import io.taskexec.store.StoreException;
import io.taskexec.store.StoreUnavailableException;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.store.jdbc.Rows.TaskRow;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: one schema of one database. Rows are streamed with {@code COPY}, one round trip and no
 * per-row statement per batch: packed events ({@link Packs}) always; submissions unless an id is
 * already stored, when they go through one {@code INSERT ... SELECT * FROM unnest(...) ON CONFLICT}
 * that skips what is there. Submissions have a connection of their own. The server's
 * {@code synchronous_commit} (on by default) makes a commit durable before it returns.
 */
final class PostgresDialect implements Dialect {
  private static final String INSERT_TASKS = "INSERT INTO tasks (id, seq, submitted_at_ns, spec)"
      + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[])"
      + " ON CONFLICT (id) DO NOTHING RETURNING id";
  private static final String COPY_PACKS = "COPY event_packs (id, task_id, upto_id, upto_seq, state, attempt,"
      + " last_seq, at_ns, body) FROM STDIN";
  private static final String COPY_TASKS = "COPY tasks (id, seq, submitted_at_ns, spec) FROM STDIN";
  private static final String UNIQUE_VIOLATION = "23505";
  /** Submissions of fewer rows are inserted with one statement rather than copied. */
  static final int COPY_MIN_TASKS = 64;
  private static final String PACK_STORED = "SELECT 1 FROM event_packs WHERE id = ?";

  private final String url;
  private final String schema;
  private final String server;

  PostgresDialect(String url, String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}"))
      throw new IllegalArgumentException("a schema name is lower-case letters, digits and _: " + schema);
    this.url = url;
    this.schema = schema;
    Properties p = org.postgresql.Driver.parseURL(url, null);
    if (p == null) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
    this.server = p.getProperty("PGHOST") + ":" + p.getProperty("PGPORT") + "/" + p.getProperty("PGDBNAME");
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String where() {
    return "PostgreSQL " + server + " schema " + schema;
  }

  String server() {
    return server;
  }

  @Override
  public Connection connect(boolean writer) throws SQLException {
    Properties p = new Properties();
    p.setProperty("reWriteBatchedInserts", "true");
    p.setProperty("connectTimeout", "10");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "taskexec");
    Connection c = DriverManager.getConnection(url, p);
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      if (writer) c.setAutoCommit(false);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public boolean concurrentWriters() {
    return true;
  }

  /**
   * Streams the packs with {@code COPY}: no per-row executor work and no speculative insertion.
   * With the tasks' COPY, the server spends about half the cpu per task that it did on
   * {@code INSERT ... SELECT * FROM unnest(...) ON CONFLICT} for both (measured on 10,000-task writes).
   * COPY cannot skip rows already there, so a write retried after a lost connection (whose commit
   * may have gone through) first looks for its first pack: a write is all or nothing, so finding
   * it means the whole write is stored.
   */
  @Override
  public void insertPacks(Connection c, List<PackRow> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PACK_STORED)) {
      ps.setLong(1, rows.get(0).id());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) return;
      }
    }
    StringBuilder b = new StringBuilder(rows.size() * (64 + rows.get(0).body().length()));
    for (PackRow r : rows) {
      b.append(r.id()).append('\t');
      copyText(b, r.taskId());
      b.append('\t').append(r.uptoId()).append('\t').append(r.uptoSeq()).append('\t').append(r.state())
          .append('\t').append(r.attempt()).append('\t').append(r.lastSeq()).append('\t').append(r.atNs()).append('\t');
      copyText(b, r.body());
      b.append('\n');
    }
    copy(c, COPY_PACKS, b);
  }

  /** A text field of COPY's text format: backslash, newline, return and tab escaped. */
  static void copyText(StringBuilder b, String s) {
    int n = s.length(), from = 0;
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      String esc = switch (ch) {
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> null;
      };
      if (esc == null) continue;
      b.append(s, from, i).append(esc);
      from = i + 1;
    }
    b.append(s, from, n);
  }

  /**
   * Streams the tasks with {@code COPY} inside a savepoint: no speculative insertion, and no ids sent
   * back. Should an id be stored already (a batch submitted again) or repeated in the batch, the
   * unique index refuses the COPY: back to the savepoint, and the rows go through
   * {@code INSERT ... ON CONFLICT DO NOTHING RETURNING id}, which says which ones were new. A few
   * rows (single submissions) take that statement at once: one round trip, where the savepoint and
   * the COPY take three.
   */
  @Override
  public boolean[] insertTasks(Connection c, List<TaskRow> rows) throws SQLException {
    if (rows.size() < COPY_MIN_TASKS) return insertNewTasks(c, rows);
    StringBuilder b = new StringBuilder(rows.size() * (48 + rows.get(0).spec().length()));
    for (TaskRow r : rows) {
      copyText(b, r.id());
      b.append('\t').append(r.seq()).append('\t').append(r.submittedAtNs()).append('\t');
      copyText(b, r.spec());
      b.append('\n');
    }
    Savepoint before = c.setSavepoint();
    try {
      copy(c, COPY_TASKS, b);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
      c.rollback(before);
      return insertNewTasks(c, rows);
    }
    c.releaseSavepoint(before);
    boolean[] all = new boolean[rows.size()];
    Arrays.fill(all, true);
    return all;
  }

  private static void copy(Connection c, String sql, StringBuilder rows) throws SQLException {
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      in.writeToCopy(bytes, 0, bytes.length);
      in.endCopy();
    } finally {
      if (in.isActive()) in.cancelCopy();
    }
  }

  /** The rows whose id is new, in one statement; for each row, whether it was inserted. */
  private static boolean[] insertNewTasks(Connection c, List<TaskRow> rows) throws SQLException {
    int n = rows.size();
    String[] ids = new String[n], specs = new String[n];
    Long[] seqs = new Long[n], times = new Long[n];
    for (int i = 0; i < n; i++) {
      TaskRow r = rows.get(i);
      ids[i] = r.id();
      seqs[i] = r.seq();
      times[i] = r.submittedAtNs();
      specs[i] = r.spec();
    }
    Map<String, Integer> inserted = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(INSERT_TASKS)) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("bigint", seqs));
      ps.setArray(3, c.createArrayOf("bigint", times));
      ps.setArray(4, c.createArrayOf("text", specs));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) inserted.merge(rs.getString(1), 1, Integer::sum);
      }
    }
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) out[i] = inserted.remove(ids[i]) != null; // the first of an id wins
    return out;
  }

  @Override
  public List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = ? ORDER BY table_name")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Override
  public void beginMigration(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      ps.setString(1, "taskexec migration " + schema);
      ps.execute();
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
  }

  @Override
  public boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  @Override
  public StoreException translate(SQLException e, String doing) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String why = e.getMessage();
    if (state.startsWith("08") || state.startsWith("57P"))
      return new StoreUnavailableException("cannot reach PostgreSQL at " + server + ": " + reason(e)
          + "; is it running?", e);
    if (state.startsWith("53"))
      return new StoreUnavailableException("PostgreSQL at " + server + " is out of resources (" + why
          + "); free disk space or connections there", e);
    if (state.equals("40001") || state.equals("40P01"))
      return new StoreUnavailableException("PostgreSQL at " + server + ": " + doing
          + " collided with another transaction (" + why + ")", e);
    if (state.startsWith("28"))
      return new StoreException("PostgreSQL at " + server + " refused the login (" + why
          + "); check the user and password in state_manager.url", e);
    if (state.equals("3D000"))
      return new StoreException("PostgreSQL at " + server + " has no such database (" + why
          + "); create it, or name another in state_manager.url", e);
    if (state.equals("42501"))
      return new StoreException("PostgreSQL at " + server + ": permission denied for schema " + schema
          + " (" + why + "); grant the user CREATE on the database, or name another schema", e);
    return new StoreException(where() + ": " + doing + " failed (" + state + " " + why + ")", e);
  }

  private static String reason(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return "connection refused";
      if (t instanceof UnknownHostException) return "unknown host " + t.getMessage();
      if (t instanceof java.net.SocketTimeoutException) return "connection timed out";
    }
    return e.getMessage();
  }
}
