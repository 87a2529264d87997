package io.taskexec.store.jdbc;

import io.taskexec.store.StateStore;
import io.taskexec.store.StoreException;
import io.taskexec.time.Clock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store for clusters: one schema of a PostgreSQL database, created and migrated on open. The
 * server is reached with exponential backoff for at most {@link Backoff#giveUpAfter}; then a
 * {@link io.taskexec.store.StoreUnavailableException} says it cannot be reached. One coordinator
 * (the leader) writes a schema at a time.
 */
public final class PostgresStateStore extends JdbcStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresStateStore.class);

  /** Opens {@code schema} at {@code jdbcUrl} with the given sync interval and default options. */
  public PostgresStateStore(String jdbcUrl, String schema, Duration syncInterval) {
    this(jdbcUrl, schema, StoreOptions.DEFAULT.withSyncInterval(syncInterval));
  }

  /**
   * Opens {@code schema} at {@code jdbcUrl} (e.g. {@code jdbc:postgresql://host:5432/db?user=u}),
   * creating and migrating it as needed.
   *
   * @param schema lower-case letters, digits and {@code _}
   * @throws StoreException when the schema is newer than this program or the login is refused;
   *     {@link io.taskexec.store.StoreUnavailableException} when the server cannot be reached
   */
  public PostgresStateStore(String jdbcUrl, String schema, StoreOptions options) {
    this(new PostgresDialect(jdbcUrl, schema), options);
  }

  private PostgresStateStore(PostgresDialect dialect, StoreOptions options) {
    super(dialect, options, connect(dialect, options));
  }

  private static Connection connect(PostgresDialect dialect, StoreOptions options) {
    Clock clock = options.clock();
    long start = clock.nanoTime();
    for (int tries = 1; ; tries++) {
      try {
        Connection c = dialect.connect(true);
        warnIfCommitsAreNotDurable(c, dialect);
        return c;
      } catch (SQLException e) {
        StoreException se = dialect.translate(e, "connecting");
        long elapsed = clock.nanoTime() - start;
        if (!se.retryable() || elapsed >= options.backoff().giveUpAfter().toNanos()) {
          if (!se.retryable()) throw se;
          throw new io.taskexec.store.StoreUnavailableException(se.getMessage() + " (tried " + tries
              + " times over " + Duration.ofNanos(elapsed).toMillis() + " ms)", e);
        }
        log.warn("{} (try {}; trying again)", se.getMessage(), tries);
        sleep(options.backoff().delayAfter(tries));
      }
    }
  }

  private static void warnIfCommitsAreNotDurable(Connection c, PostgresDialect d) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
      if (rs.next() && "off".equals(rs.getString(1)))
        log.warn("PostgreSQL at {} has synchronous_commit=off: an acknowledged submission may be lost"
            + " if the server crashes", d.server());
    }
    c.rollback();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for PostgreSQL", e);
    }
  }
}
