package io.taskexec.store.jdbc;

import io.taskexec.config.StateManagerConfig;
import io.taskexec.store.InMemoryStateStore;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoreException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/** Opens the store that {@code engine.state_manager} names. */
public final class StateStores {
  /** The schema used in PostgreSQL when the URL names none ({@code currentSchema=...}). */
  public static final String DEFAULT_SCHEMA = "taskexec";

  private StateStores() {}

  /**
   * Opens the configured store: {@code sqlite} (the file {@code state.db} in {@code dataDir}),
   * {@code postgresql} (the schema named by the URL's {@code currentSchema}, else
   * {@value #DEFAULT_SCHEMA}) or {@code memory}.
   *
   * @param dataDir the data directory, already resolved by the caller; null to use
   *     {@code cfg.dataDirectory()} as it is
   * @throws StoreException when the configuration or the store is unusable
   */
  public static StateStore open(StateManagerConfig cfg, Path dataDir) {
    return open(cfg, dataDir, StoreOptions.DEFAULT);
  }

  /** As {@link #open(StateManagerConfig, Path)}, with options (backoff, clock) besides the interval. */
  public static StateStore open(StateManagerConfig cfg, Path dataDir, StoreOptions options) {
    StoreOptions o = options.withSyncInterval(cfg.syncInterval());
    String kind = cfg.persistence() == null ? "sqlite" : cfg.persistence().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "memory" -> new InMemoryStateStore();
      case "sqlite" -> SqliteStateStore.inDirectory(
          dataDir != null ? dataDir : Path.of(cfg.dataDirectory()), o);
      case "postgresql", "postgres" -> {
        if (cfg.url() == null || cfg.url().isBlank())
          throw new StoreException("state_manager.persistence is postgresql but state_manager.url is"
              + " not set; give a JDBC URL such as jdbc:postgresql://host:5432/taskexec?user=taskexec");
        yield new PostgresStateStore(cfg.url(), schemaOf(cfg.url()), o);
      }
      default -> throw new StoreException("state_manager.persistence is " + cfg.persistence()
          + "; use sqlite, postgresql or memory");
    };
  }

  static String schemaOf(String url) {
    Properties p = org.postgresql.Driver.parseURL(url, null);
    if (p == null) throw new StoreException("state_manager.url " + url + " is not a PostgreSQL JDBC URL;"
        + " write it as jdbc:postgresql://host:5432/database?user=name");
    String s = p.getProperty("currentSchema");
    return s == null || s.isBlank() ? DEFAULT_SCHEMA : s;
  }
}
