package io.taskexec.store.jdbc;

import io.taskexec.store.StoreException;
import io.taskexec.store.StoreUnavailableException;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.store.jdbc.Rows.TaskRow;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * PostgreSQL: one schema of one database. Batches are written as one statement each, with the rows
 * passed as arrays ({@code INSERT ... SELECT * FROM unnest(...)}): one round trip per batch. Events
 * are stored packed ({@link Packs}), and submissions have a connection of their own. The
 * server's {@code synchronous_commit} (on by default) makes a commit durable before it returns.
 */
final class PostgresDialect implements Dialect {
  private static final String INSERT_TASKS = "INSERT INTO tasks (id, seq, submitted_at_ns, spec)"
      + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[])"
      + " ON CONFLICT (id) DO NOTHING RETURNING id";
  private static final String INSERT_PACKS = "INSERT INTO event_packs (id, task_id, upto_id, upto_seq, state,"
      + " attempt, last_seq, at_ns, body) SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[],"
      + " ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::text[])"
      + " ON CONFLICT (id) DO NOTHING"; // a retried commit is idempotent

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

  @Override
  public void insertPacks(Connection c, List<PackRow> rows) throws SQLException {
    int n = rows.size();
    Long[] ids = new Long[n], uptoIds = new Long[n], uptoSeqs = new Long[n], seqs = new Long[n], ats = new Long[n];
    Integer[] attempts = new Integer[n];
    String[] tasks = new String[n], states = new String[n], bodies = new String[n];
    for (int i = 0; i < n; i++) {
      PackRow r = rows.get(i);
      ids[i] = r.id();
      tasks[i] = r.taskId();
      uptoIds[i] = r.uptoId();
      uptoSeqs[i] = r.uptoSeq();
      states[i] = r.state();
      attempts[i] = r.attempt();
      seqs[i] = r.lastSeq();
      ats[i] = r.atNs();
      bodies[i] = r.body();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_PACKS)) {
      Object[][] cols = {ids, tasks, uptoIds, uptoSeqs, states, attempts, seqs, ats, bodies};
      String[] kinds = {"bigint", "text", "bigint", "bigint", "text", "int4", "bigint", "bigint", "text"};
      for (int i = 0; i < cols.length; i++) ps.setArray(i + 1, c.createArrayOf(kinds[i], cols[i]));
      ps.executeUpdate();
    }
  }

  @Override
  public boolean[] insertTasks(Connection c, List<TaskRow> rows) throws SQLException {
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
