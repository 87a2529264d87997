package io.taskexec.broker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of the coordinators: one row ({@code cluster_leader} in the schema
 * {@code <store schema>_lease}, made on first use, so that a lease can be won before the store is
 * opened) with a holder, an epoch and an expiry in PostgreSQL's own clock. A coordinator takes the row only when
 * it has expired (each new leader raises the epoch), and renews it every third of the lease. The
 * leader counts its lease from before it sent the renewal, on its own monotonic clock, so it
 * believes itself leader no longer than PostgreSQL does; it steps down when it cannot renew in time.
 */
public final class LeaderLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);

  private final String url;
  private final String schema;
  private final String storeSchema;
  private final String holder;
  private final Duration lease;
  private Connection conn;
  private long epoch;
  /** System.nanoTime() until which this holder is surely the leader. */
  private volatile long validUntil;
  private final Object lostLock = new Object();
  /** Why the lease was lost (null while held), and who to tell; guarded by lostLock. */
  private String lostWhy;
  private java.util.function.Consumer<String> onLost;
  private Thread renewer;
  private volatile boolean closed;

  public LeaderLease(String jdbcUrl, String storeSchema, String holder, Duration lease) {
    if (!storeSchema.matches("[a-z_][a-z0-9_]{0,56}")) throw new IllegalArgumentException("bad schema name " + storeSchema);
    this.url = jdbcUrl;
    this.storeSchema = storeSchema;
    this.schema = storeSchema + "_lease";
    this.holder = holder;
    this.lease = lease;
  }

  /** Tries once to become the leader; returns the new epoch, or 0 when another holder's lease runs. */
  public synchronized long tryAcquire() throws SQLException {
    long t0 = System.nanoTime();
    try (PreparedStatement ps = connection(true).prepareStatement("INSERT INTO cluster_leader (id, holder, epoch, expires_at)"
        + " VALUES (1, ?, 1, now() + make_interval(secs => ?)) ON CONFLICT (id) DO UPDATE SET holder = excluded.holder,"
        + " epoch = cluster_leader.epoch + 1, expires_at = excluded.expires_at WHERE cluster_leader.expires_at < now()"
        + " RETURNING epoch")) {
      ps.setString(1, holder);
      ps.setDouble(2, lease.toMillis() / 1000.0);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return 0;
        epoch = rs.getLong(1);
        validUntil = t0 + lease.toNanos();
        return epoch;
      }
    } catch (SQLException e) {
      closeConnection();
      throw e;
    }
  }

  /** Blocks until this holder leads; returns its epoch. Polls a fifth of the lease apart. */
  public long acquire() throws InterruptedException {
    boolean waiting = false;
    while (true) {
      try {
        long e = tryAcquire();
        if (e > 0) {
          log.info("{} leads the cluster (epoch {})", holder, e);
          keepRenewing();
          // the previous leader's last write commits (or fails) before this one reads the store
          for (int tries = 1; ; tries++) {
            try {
              awaitFencedWrites();
              break;
            } catch (SQLException x) {
              log.warn("cannot wait for the previous leader's last write ({}); trying again", x.getMessage());
              Thread.sleep(Math.min(2000, 100L * tries));
            }
          }
          return e;
        }
        if (!waiting) log.info("{} is standing by: another coordinator holds the lease", holder);
        waiting = true;
      } catch (SQLException e) {
        log.warn("cannot reach PostgreSQL for the leader lease ({}); trying again", e.getMessage());
      }
      Thread.sleep(Math.max(100, lease.toMillis() / 5));
    }
  }

  /** Renews the lease; false when it is another's now (this holder must step down at once). */
  public synchronized boolean renew() throws SQLException {
    if (closed) return false; // released or closed: never extended again
    long t0 = System.nanoTime();
    try (PreparedStatement ps = connection(false).prepareStatement("UPDATE cluster_leader SET expires_at = now()"
        + " + make_interval(secs => ?) WHERE id = 1 AND holder = ? AND epoch = ?")) {
      ps.setDouble(1, lease.toMillis() / 1000.0);
      ps.setString(2, holder);
      ps.setLong(3, epoch);
      if (ps.executeUpdate() == 0) return false;
      validUntil = t0 + lease.toNanos();
      return true;
    } catch (SQLException e) {
      closeConnection();
      throw e;
    }
  }

  /**
   * Renews the lease every third of its length on a thread of its own, from now on: call it as
   * soon as the lease is won, so that opening the store and starting the coordinator (seconds on a
   * loaded machine) do not let the lease run out. When a renewal fails or comes too late the lease
   * counts as lost ({@link #lost}) and the handler of {@link #onLost} is called, once.
   */
  public synchronized void keepRenewing() {
    if (renewer != null || closed) return;
    renewer = new Thread(this::renewLoop, "taskexec-leader-lease");
    renewer.setDaemon(true);
    renewer.start();
  }

  /** Calls {@code handler} with the reason once the lease is lost (at once when it is already). */
  public void onLost(java.util.function.Consumer<String> handler) {
    String why;
    synchronized (lostLock) {
      onLost = handler;
      why = lostWhy;
    }
    if (why != null) handler.accept(why);
  }

  /** Why the lease was lost, or null while it is held (as far as the renewals tell). */
  public String lost() {
    synchronized (lostLock) {
      return lostWhy;
    }
  }

  private void renewLoop() {
    long every = Math.max(100, lease.toMillis() / 3);
    while (!closed) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      if (closed) return;
      String why = null;
      try {
        if (!renew()) why = "another coordinator holds the lease";
      } catch (SQLException e) {
        log.warn("cannot renew the leader lease ({}); the lease runs out unless PostgreSQL answers", e.getMessage());
      }
      if (why == null && !valid()) why = "the lease ran out while PostgreSQL did not answer";
      if (why != null) {
        validUntil = System.nanoTime();
        java.util.function.Consumer<String> h;
        synchronized (lostLock) {
          lostWhy = why;
          h = onLost;
        }
        if (h != null && !closed) h.accept(why);
        return;
      }
    }
  }

  /** Whether the lease surely still runs, by this process's clock. */
  public boolean valid() {
    return !closed && System.nanoTime() - validUntil < 0;
  }

  public long epoch() {
    return epoch;
  }

  public String holder() {
    return holder;
  }

  /** Gives the lease up so that a standby takes over at once. */
  public synchronized void release() {
    closed = true; // no renewal after this
    try (PreparedStatement ps = connection(false).prepareStatement(
        "UPDATE cluster_leader SET expires_at = now() - interval '1 second' WHERE id = 1 AND holder = ? AND epoch = ?")) {
      ps.setString(1, holder);
      ps.setLong(2, epoch);
      ps.executeUpdate();
    } catch (SQLException e) {
      log.warn("could not release the leader lease ({}); it expires by itself", e.getMessage());
    }
    validUntil = System.nanoTime();
  }

  /** The session setting that carries a store connection's epoch to the fence ({@link #installFence}). */
  static final String EPOCH_SETTING = "taskexec.lease_epoch";

  /**
   * {@code jdbcUrl} with this lease's epoch as a session setting of every connection made with it
   * (PostgreSQL's {@code options}), so that the fence refuses that connection's writes once another
   * coordinator won the lease. Open the store with it.
   */
  public String fencedUrl(String jdbcUrl) {
    if (jdbcUrl.contains("options=")) {
      log.warn("state_manager.url sets PostgreSQL options already; the store's writes are not fenced by the lease epoch");
      return jdbcUrl;
    }
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "options=-c%20" + EPOCH_SETTING + "%3D" + epoch;
  }

  /**
   * Fences the store's tables by epoch: a statement trigger on {@code event_packs}, {@code events}
   * and {@code tasks} that refuses an insert from a connection whose epoch ({@link #fencedUrl}) is
   * not the lease's now. A write that passes holds a shared advisory lock until it commits, and a
   * new leader takes that lock exclusively once after winning the lease ({@link #acquire}), before
   * it opens the store: so it reads the store after the last write that passed the old epoch, and
   * a deposed leader that still runs (paused, starved) writes nothing after that. The lease row is
   * not locked, so renewals and standbys never wait for a write. Connections without the setting
   * (tools, reports) are not fenced.
   */
  static void installFence(String jdbcUrl, String storeSchema) throws SQLException {
    String lease = storeSchema + "_lease";
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("CREATE OR REPLACE FUNCTION " + storeSchema + ".taskexec_lease_fence() RETURNS trigger LANGUAGE plpgsql AS $f$"
          + " DECLARE mine TEXT := current_setting('" + EPOCH_SETTING + "', true); held BIGINT;"
          + " BEGIN"
          + "   IF mine IS NULL OR mine = '' THEN RETURN NULL; END IF;"
          + "   PERFORM pg_advisory_xact_lock_shared(" + fenceKey(storeSchema) + ");"
          + "   SELECT epoch INTO held FROM " + lease + ".cluster_leader WHERE id = 1;"
          + "   IF held IS DISTINCT FROM mine::bigint THEN"
          + "     RAISE EXCEPTION 'this coordinator (epoch %) was deposed: the leader lease is at epoch %; it writes nothing more', mine, held"
          + "       USING ERRCODE = 'P0001';"
          + "   END IF;"
          + "   RETURN NULL;"
          + " END $f$");
      for (String table : new String[] {"event_packs", "events", "tasks"}) {
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + storeSchema + "." + table + "') IS NOT NULL")) {
          rs.next();
          if (!rs.getBoolean(1)) continue;
        }
        s.execute("CREATE OR REPLACE TRIGGER taskexec_lease_fence BEFORE INSERT ON " + storeSchema + "." + table
            + " FOR EACH STATEMENT EXECUTE FUNCTION " + storeSchema + ".taskexec_lease_fence()");
      }
    }
  }

  private static String fenceKey(String storeSchema) {
    return "hashtext('taskexec fence " + storeSchema + "')";
  }

  /**
   * Waits until no write that passed the fence with an earlier epoch is still open (see {@link
   * #installFence}); a connection of its own, with no statement timeout.
   */
  private void awaitFencedWrites() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + fenceKey(storeSchema) + ")");
      s.execute("SELECT pg_advisory_unlock(" + fenceKey(storeSchema) + ")");
    }
  }

  /** @param create make the lease's schema and table when missing (only to win the lease, never to renew it) */
  private Connection connection(boolean create) throws SQLException {
    if (conn == null) {
      Connection c = DriverManager.getConnection(url);
      try (Statement s = c.createStatement()) {
        if (create) createIfMissing(s);
        s.execute("SET search_path TO " + schema);
        s.execute("SET statement_timeout = " + Math.max(1000, lease.toMillis() / 3));
      }
      conn = c;
    }
    return conn;
  }

  private void createIfMissing(Statement s) throws SQLException {
    s.execute("SELECT pg_advisory_lock(hashtext('taskexec lease schema " + schema + "'))"); // one creator at a time
    s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".cluster_leader (id INTEGER PRIMARY KEY, holder TEXT NOT NULL,"
        + " epoch BIGINT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)");
    s.execute("SELECT pg_advisory_unlock(hashtext('taskexec lease schema " + schema + "'))");
  }


  private void closeConnection() {
    try {
      if (conn != null) conn.close();
    } catch (SQLException ignored) {
      // reconnects next time
    }
    conn = null;
  }

  /** Stops renewing (the lease runs out unless {@link #release}d before) and disconnects. */
  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = renewer;
    }
    if (t != null && t != Thread.currentThread()) t.interrupt();
    synchronized (this) {
      closeConnection();
    }
  }
}
