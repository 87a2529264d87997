package io.taskexec.store.jdbc;

import io.taskexec.store.StoreException;
import io.taskexec.store.StoreUnavailableException;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.store.jdbc.Rows.TaskRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteException;

/**
 * SQLite: one file, WAL journal, {@code synchronous=FULL}. FULL rather than NORMAL because in WAL
 * mode NORMAL does not fsync the WAL at commit, so a power loss may undo commits that were already
 * acknowledged; with FULL every commit is on disk before {@code submit} returns. Group commit makes
 * that one fsync per batch of callers, not per task. The log is copied into the file by a
 * {@link Checkpointer} beside the writer, not inside its commits.
 */
final class SqliteDialect implements Dialect {
  // SQLite's primary result codes (the low byte of an extended code)
  static final int BUSY = 5, LOCKED = 6, READONLY = 8, IOERR = 10, CORRUPT = 11, FULL = 13,
      CANTOPEN = 14, NOTADB = 26;

  /** WAL pages after which the writer checkpoints by itself (only when the Checkpointer lags). */
  static final int BACKSTOP_CHECKPOINT_PAGES = 16384;
  /** How often the Checkpointer runs at most, while the writer commits. */
  static final long CHECKPOINT_PERIOD_MILLIS = 100;

  private final Path file;
  private final String shown;
  private final Checkpointer checkpointer;

  SqliteDialect(Path file, String shown) {
    this.file = file;
    this.shown = shown;
    this.checkpointer = new Checkpointer(file, shown, CHECKPOINT_PERIOD_MILLIS);
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String where() {
    return shown;
  }

  @Override
  public Connection connect(boolean writer) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      if (writer) {
        // a new file only (an existing one keeps its size): fewer, larger log frames per commit, about
        // a tenth less of the writer's time per task than 4 KiB
        s.execute("PRAGMA page_size = 16384");
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
        // the Checkpointer copies the log on its own thread; this is the writer's backstop
        s.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_CHECKPOINT_PAGES);
        s.execute("PRAGMA journal_size_limit = 67108864");
        s.execute("PRAGMA cache_size = -65536");
        c.setAutoCommit(false);
      } else {
        s.execute("PRAGMA query_only = 1");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public void committed() {
    checkpointer.committed();
  }

  @Override
  public void close() {
    checkpointer.close();
  }

  @Override
  public boolean[] insertTasks(Connection c, List<TaskRow> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_TASK)) {
      for (TaskRow r : rows) {
        ps.setString(1, r.id());
        ps.setLong(2, r.seq());
        ps.setLong(3, r.submittedAtNs());
        ps.setString(4, r.spec());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      boolean[] inserted = new boolean[rows.size()];
      for (int i = 0; i < counts.length; i++) inserted[i] = counts[i] > 0;
      return inserted;
    }
  }

  @Override
  public void insertPacks(Connection c, List<PackRow> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Packs.INSERT)) {
      for (PackRow r : rows) {
        ps.setLong(1, r.id());
        ps.setString(2, r.taskId());
        ps.setLong(3, r.uptoId());
        ps.setLong(4, r.uptoSeq());
        ps.setString(5, r.state());
        ps.setInt(6, r.attempt());
        ps.setLong(7, r.lastSeq());
        ps.setLong(8, r.atNs());
        ps.setString(9, r.body());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * SQLite rolls the whole transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR).
   * The driver's rollback then fails and skips the BEGIN it would issue, which would leave the
   * connection in autocommit, committing the next try row by row: so begin here instead.
   */
  @Override
  public boolean rollback(Connection c) {
    try {
      c.rollback();
      return true;
    } catch (SQLException e) {
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN");
        return true;
      } catch (SQLException again) {
        return false;
      }
    }
  }

  @Override
  public List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  static int code(SQLException e) {
    return e instanceof SQLiteException s ? s.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
  }

  @Override
  public StoreException translate(SQLException e, String doing) {
    String why = e.getMessage();
    return switch (code(e)) {
      case NOTADB, CORRUPT -> new StoreException(SqliteFile.corrupt(shown, why), e);
      case FULL -> new StoreUnavailableException("the disk holding the state file " + shown
          + " is full (" + why + "); free some space: taskexec retries with backoff and keeps"
          + " unwritten events in memory meanwhile", e);
      case IOERR -> new StoreUnavailableException("cannot write the state file " + shown
          + ": I/O error (" + why + "); is the disk full or failing?", e);
      case BUSY, LOCKED -> new StoreUnavailableException("the state file " + shown
          + " is locked by another process (" + why + "); is another taskexec using the same data"
          + " directory?", e);
      case READONLY -> new StoreException("the state file " + shown + " is read-only (" + why
          + "); make the file and its directory writable, or name another data directory"
          + " (state_manager.data_directory)", e);
      case CANTOPEN -> new StoreException("cannot open the state file " + shown + " (" + why
          + "); check that its directory exists and is writable", e);
      default -> new StoreException("the state file " + shown + ": " + doing + " failed (" + why + ")", e);
    };
  }

  @Override
  public boolean connectionLost(SQLException e) {
    return false;
  }

  @Override
  public List<String> integrityProblems(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(20)")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) out.add("the SQLite file " + shown + " is damaged: " + line);
      }
    }
    return out;
  }
}
