package io.taskexec.store.jdbc;

import io.taskexec.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema's versions. Each dialect has numbered SQL files listed in its {@code migrations.txt}
 * ({@code 001-tasks-and-events.sql}, ...); version N is the Nth. A store at version V gets the files
 * after V, in order, in one transaction, each recorded in {@code schema_version}. A store newer
 * than this program is refused before anything is written.
 */
final class Migrations {
  record Migration(int version, String name, List<String> statements) {}

  private final Dialect dialect;
  private final List<Migration> migrations;

  Migrations(Dialect dialect) {
    this.dialect = dialect;
    this.migrations = load(dialect.name());
  }

  /** The newest version this program knows. */
  int known() {
    return migrations.size();
  }

  /**
   * The store's version: 0 when it has no tables at all (new), else what {@code schema_version}
   * says. Reads only.
   *
   * @throws StoreException when the version is newer than {@link #known}, or the tables are not a
   *     taskexec store's
   */
  int check(Connection c) throws SQLException {
    List<String> tables = dialect.tables(c);
    if (tables.isEmpty()) return 0;
    if (!tables.contains("schema_version"))
      throw new StoreException(dialect.where() + " holds tables " + String.join(", ", tables)
          + " but is not a taskexec store (it has no schema_version table); name another one");
    int version;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      version = rs.getInt(1);
    }
    if (version > known())
      throw new StoreException("the store at " + dialect.where() + " has schema version " + version
          + "; this taskexec knows up to " + known() + ": upgrade taskexec");
    return version;
  }

  /** Brings the store to {@link #known}; {@code c} has autocommit off. Returns the versions applied. */
  List<Integer> migrate(Connection c, Instant now) throws SQLException {
    if (check(c) == known()) {
      c.rollback();
      return List.of();
    }
    List<Integer> applied = new ArrayList<>();
    try {
      dialect.beginMigration(c);
      int from = check(c); // again, under the lock
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
            + " name TEXT NOT NULL, applied_at_ns BIGINT NOT NULL)");
        for (Migration m : migrations.subList(from, known())) {
          for (String sql : m.statements()) s.execute(sql);
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO schema_version (version, name, applied_at_ns) VALUES (?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.name());
            ps.setLong(3, Codec.nanos(now));
            ps.executeUpdate();
          }
          applied.add(m.version());
        }
      }
      c.commit();
      return applied;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private static List<Migration> load(String dialect) {
    String dir = "/io/taskexec/store/jdbc/" + dialect + "/";
    List<Migration> out = new ArrayList<>();
    for (String line : read(dir + "migrations.txt").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) continue;
      int version = out.size() + 1;
      if (Integer.parseInt(name.substring(0, name.indexOf('-'))) != version)
        throw new IllegalStateException("migration " + name + " is out of order; expected " + version);
      out.add(new Migration(version, name, statements(read(dir + name))));
    }
    return List.copyOf(out);
  }

  /** Statements end with a semicolon at the end of a line; lines starting with -- are comments. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) continue;
      sb.append(line).append('\n');
      if (t.endsWith(";")) {
        out.add(sb.toString().strip().replaceAll(";$", ""));
        sb.setLength(0);
      }
    }
    if (!sb.toString().isBlank()) out.add(sb.toString().strip());
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
