package io.taskexec.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL database of this benchmark's own, {@code bench_<random>}, created on the server
 * that {@code -Dtaskexec.bench.pg.url} names (default: the local server's {@code test} database as
 * user {@code postgres}) and dropped at the end. Each run gets a schema of its own in it.
 */
final class PgDatabase implements AutoCloseable {
  static final String URL_PROPERTY = "taskexec.bench.pg.url";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final String adminUrl;
  private final String name;
  private final String host;
  private final String port;
  private final String user;
  private final String password;

  private PgDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
    Properties p = org.postgresql.Driver.parseURL(adminUrl, null);
    if (p == null) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + adminUrl);
    this.host = p.getProperty("PGHOST");
    this.port = p.getProperty("PGPORT");
    this.user = p.getProperty("user", "postgres");
    this.password = p.getProperty("password");
  }

  static String adminUrl() {
    return System.getProperty(URL_PROPERTY, DEFAULT_URL);
  }

  /** Creates a new database; throws when the server cannot be reached or refuses. */
  static PgDatabase create(String adminUrl) throws SQLException {
    String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PgDatabase db = new PgDatabase(adminUrl, name);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return db;
  }

  String name() {
    return name;
  }

  String user() {
    return user;
  }

  String password() {
    return password == null ? "" : password;
  }

  /** The JDBC URL of this database, without a schema. */
  String url() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name + "?user=" + user
        + (password == null ? "" : "&password=" + password);
  }

  /** The JDBC URL of this database with {@code schema} first on the search path. */
  String url(String schema) {
    return url() + "&currentSchema=" + schema;
  }

  /** Creates an empty schema. */
  void createSchema(String schema) throws SQLException {
    exec("CREATE SCHEMA " + schema);
  }

  void dropSchema(String schema) throws SQLException {
    exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Runs statements in {@code schema}, each committed on its own. */
  void exec(String schema, Iterable<String> statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(schema)); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  /** A connection with {@code schema} on its search path (autocommit). */
  Connection connect(String schema) throws SQLException {
    return DriverManager.getConnection(url(schema));
  }

  /** One number from a query. */
  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void exec(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Drops the database, closing what is still connected to it. */
  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
