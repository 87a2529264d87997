package io.taskexec.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The machine's PostgreSQL, and a schema of its own for each test. */
final class Pg {
  static final String URL = System.getProperty("taskexec.test.pg.url",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private Pg() {}

  static String newSchema() {
    return "te_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  static void drop(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  static void exec(String schema, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      s.execute(sql);
    }
  }
}
