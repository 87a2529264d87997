package io.taskexec.cli;

import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.ingest.IngestException;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoreException;
import io.taskexec.store.jdbc.SqliteStateStore;
import io.taskexec.store.jdbc.StateStores;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The stored state of {@code taskexec run FILE}, found as {@code run} finds it, for the commands
 * that only read it ({@code status}, {@code history}). Never creates a store: when none is there,
 * the command says so and exits 2.
 *
 * <p>The location rule is {@link RunState}'s: the data directory is {@code --data-dir}, else
 * {@code engine.state_manager.data_dir} beside FILE; with SQLite the store is
 * {@code <data>/state/<file name>/state.db}. FILE need not exist any more: without it the
 * configuration is {@code --config}'s, else the defaults.
 *
 * @param shown the task file as named by the user, for messages
 * @param where where the store is, for messages: the SQLite file, or the PostgreSQL URL
 */
record StoredRun(String shown, String where, StateStore store) implements AutoCloseable {

  /**
   * Opens the stored run of {@code file}.
   *
   * @throws UserError when no run of it is stored, or the store cannot be read
   */
  static StoredRun open(Path file, Path configFile, Path dataDir) {
    TaskExecutionConfig config = config(file, configFile);
    Path data = dataDir != null ? dataDir
        : new Input(file, file.toString(), List.of(), SourceMap.EMPTY, config, null, List.of()).defaultDataDirectory();
    StateManagerConfig cfg = config.engine().stateManager();
    String kind = cfg.persistence() == null ? "sqlite" : cfg.persistence().toLowerCase(Locale.ROOT);
    String shown = Inputs.display(file);
    try {
      return switch (kind) {
        case "sqlite" -> {
          Path dir = directory(data, file);
          Path db = dir.resolve(SqliteStateStore.FILE_NAME);
          if (!Files.isRegularFile(db)) {
            throw new UserError("no run of " + shown + " is stored in " + Inputs.display(data)
                + " (there is no " + Inputs.display(db) + "); run it with: taskexec run " + shown
                + (dataDir != null ? " --data-dir " + dataDir : ""));
          }
          yield new StoredRun(shown, Inputs.display(db), StateStores.open(cfg, dir));
        }
        case "memory" -> throw new UserError("no run of " + shown + " is stored: its configuration keeps"
            + " state in memory (state_manager.persistence: memory); use sqlite or postgresql to keep it");
        case "postgresql", "postgres" -> {
          if (cfg.url() != null && !cfg.url().isBlank() && !postgresHasStore(cfg.url())) {
            throw new UserError("no run of " + shown + " is stored in " + cfg.url()
                + " (it has no taskexec tables yet); run it with: taskexec run " + shown);
          }
          yield new StoredRun(shown, cfg.url(), StateStores.open(cfg, data));
        }
        default -> new StoredRun(shown, kind, StateStores.open(cfg, data)); // its error names the bad value
      };
    } catch (StoreException e) {
      throw new UserError("cannot read the stored run of " + shown + ": " + e.getMessage());
    }
  }

  /** Where {@code run} keeps the SQLite store of a task file: {@code <data>/state/<file name>}, as {@link RunState}. */
  static Path directory(Path data, Path taskFile) {
    return data.resolve("state").resolve(taskFile.getFileName().toString());
  }

  /** The configuration {@code run} would use: the file's own, or {@code --config}'s, else the defaults. */
  private static TaskExecutionConfig config(Path file, Path configFile) {
    if (Files.isRegularFile(file)) return Inputs.load(file, configFile).config();
    if (configFile == null) return TaskExecutionConfig.DEFAULT;
    try {
      List<Problem> problems = ConfigReader.check(configFile);
      if (!problems.isEmpty()) throw new UserError(configFile.toString(), problems);
      return ConfigReader.read(configFile);
    } catch (IngestException e) {
      throw new UserError(e.getMessage());
    }
  }

  /**
   * Whether the PostgreSQL database of {@code url} holds a taskexec store in the URL's schema,
   * checked before the store is opened (opening would create one). Unreachable: let the store's
   * own open say what is wrong.
   */
  private static boolean postgresHasStore(String url) {
    Properties p = org.postgresql.Driver.parseURL(url, null);
    if (p == null) return true; // not a PostgreSQL URL: the store's open explains
    String schema = p.getProperty("currentSchema");
    if (schema == null || schema.isBlank()) schema = StateStores.DEFAULT_SCHEMA;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables"
            + " WHERE table_schema = ? AND table_name = 'schema_version'")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
