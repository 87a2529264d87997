package io.taskexec.store.jdbc;

import io.taskexec.store.StateStore;
import io.taskexec.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default: one SQLite file ({@code <data directory>/state.db}) in WAL mode with
 * {@code synchronous=FULL}, so a submission is on disk before it is acknowledged; group commit
 * shares that fsync among concurrent submitters. One process writes a file at a time.
 *
 * <p>Opening checks, reading only, before anything is written: the directory is writable, the file
 * (when present) is a SQLite database and not truncated, and its schema is not newer than this
 * program. A file that fails is never written; the error says what to do.
 */
public final class SqliteStateStore extends JdbcStateStore implements StateStore {
  /** The file name under a data directory. */
  public static final String FILE_NAME = "state.db";

  /** Opens or creates {@code file} with the given sync interval and default options otherwise. */
  public SqliteStateStore(Path file, Duration syncInterval) {
    this(file, StoreOptions.DEFAULT.withSyncInterval(syncInterval));
  }

  /**
   * Opens or creates {@code file}.
   *
   * @throws StoreException when the file or directory is unusable (never retryable)
   */
  public SqliteStateStore(Path file, StoreOptions options) {
    this(new SqliteDialect(file, file.toString()), file, options);
  }

  private SqliteStateStore(SqliteDialect dialect, Path file, StoreOptions options) {
    super(dialect, options, open(dialect, file));
  }

  /** {@code dataDirectory/state.db}. */
  public static SqliteStateStore inDirectory(Path dataDirectory, StoreOptions options) {
    return new SqliteStateStore(dataDirectory.resolve(FILE_NAME), options);
  }

  private static Connection open(SqliteDialect dialect, Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String shown = dialect.where();
    SqliteFile.checkDirectory(dir, shown);
    if (Files.exists(file)) {
      SqliteFile.checkHeader(file, shown);
      checkReadOnly(dialect, file);
    }
    try {
      return dialect.connect(true);
    } catch (SQLException e) {
      throw dialect.translate(e, "opening");
    }
  }

  /** Reads the schema version on a read-only connection: a newer or foreign file is left untouched. */
  private static void checkReadOnly(SqliteDialect dialect, Path file) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setReadOnly(true);
    cfg.setBusyTimeout(5000);
    try (Connection c = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      new Migrations(dialect).check(c);
    } catch (SQLException e) {
      throw dialect.translate(e, "opening");
    }
  }
}
