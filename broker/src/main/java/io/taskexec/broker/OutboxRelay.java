package io.taskexec.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of the {@code tasks} exchange. Each write of the store (one transaction, one insert
 * of {@code event_packs}) leaves one row in {@code outbox_writes}, written by a statement trigger
 * in that same transaction: the range of pack ids it wrote. The relay reads those packs, turns
 * their state changes into {@link StatusMessage}s (one per task per batch, on
 * {@code task.status.<task_id>}, also on {@code complete} when the task ended), publishes them
 * persistent, awaits the publisher confirms once per batch, and only then deletes the row (or moves
 * its start past what was published). A crash between confirm and delete publishes some changes
 * again with the same message ids: a consumer drops a repeated change by its (task, attempt, state).
 *
 * <p>Why a row per write and not per change: the trigger used to parse every pack and insert a
 * row per state change (five per no-op task) under a unique index, in the store's transaction; that
 * work sat on the commit that every placement waits for (write-ahead), and halved a cluster's
 * throughput. Now the trigger inserts one small row per commit and the parsing happens here, off
 * the commit path.
 */
final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "UPSTREAM_FAILED",
      "DEADLINE_MISSED", "SKIPPED");
  /**
   * Packs read per batch (about one per task per store write). Large, so that a relay that fell
   * behind (a burst) finds several writes of the same task in one batch and sends one message
   * for them.
   */
  private static final int BATCH = 16_000;
  /** A short batch means the relay is level with the store: it waits this long before the next. */
  private static final long PAUSE_MS = 25;

  private final String url;
  private final String schema;
  private final Connection amqp;
  private final Thread thread;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private volatile boolean closed;
  /** The last batch found nothing to publish. */
  private volatile boolean idle;
  private java.sql.Connection db;
  private Channel ch;

  OutboxRelay(String jdbcUrl, String schema, Connection amqp) {
    this.url = jdbcUrl;
    this.schema = schema;
    this.amqp = amqp;
    this.thread = new Thread(this::loop, "taskexec-outbox-relay");
    thread.setDaemon(true);
  }

  /**
   * Creates the outbox table and attaches its trigger to {@code event_packs} (idempotent; the
   * store's migrations have run). Replaces the per-change trigger of earlier versions.
   */
  static void install(String jdbcUrl, String schema) throws SQLException {
    try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + schema + ".event_packs') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1))
          throw new BrokerException("the store in schema " + schema + " has no event_packs table: open it with this"
              + " version of taskexec once (it migrates the schema) before coordinating");
      }
      s.execute("CREATE TABLE IF NOT EXISTS outbox_writes (id BIGSERIAL PRIMARY KEY, first_pack BIGINT NOT NULL,"
          + " last_pack BIGINT NOT NULL)");
      s.execute("CREATE OR REPLACE FUNCTION taskexec_outbox_writes() RETURNS trigger LANGUAGE plpgsql"
          + " SET search_path FROM CURRENT AS $$ BEGIN INSERT INTO outbox_writes (first_pack, last_pack)"
          + " SELECT min(id), max(id) FROM new_rows HAVING count(*) > 0; RETURN NULL; END $$");
      s.execute("DROP TRIGGER IF EXISTS events_outbox ON events");
      s.execute("DROP TRIGGER IF EXISTS events_outbox ON event_packs");
      s.execute("CREATE TRIGGER events_outbox AFTER INSERT ON event_packs REFERENCING NEW TABLE AS new_rows"
          + " FOR EACH STATEMENT EXECUTE FUNCTION taskexec_outbox_writes()");
    }
  }

  void start() {
    thread.start();
  }

  /** State changes confirmed by RabbitMQ so far. */
  long published() {
    return published.get();
  }

  /** Status messages that carried them (on {@code task.status.*}; those also sent on {@code complete} count once). */
  long messages() {
    return messages.get();
  }

  /** Whether the last look at the outbox found nothing to publish. */
  boolean idle() {
    return idle;
  }

  private void loop() {
    boolean legacyDrained = false;
    while (!closed) {
      try {
        if (!legacyDrained) legacyDrained = drainLegacy();
        int n = relayOnce();
        idle = n == 0;
        if (n < BATCH) Thread.sleep(PAUSE_MS); // and the next batch has several changes per task
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) return;
        log.warn("the outbox relay failed ({}); it tries again", e.toString());
        resetDb();
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * Publishes what the per-change outbox of earlier versions ({@code outbox}, migration 003) still
   * holds, one message per row, then empties it: a cluster upgraded while rows waited loses none.
   * Returns true once there is nothing left (or no such table).
   */
  private boolean drainLegacy() throws Exception {
    connect();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('outbox') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) return true;
    }
    List<Long> ids = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id, task_id, attempt, state, event_type,"
        + " at_ns, agent_id, message, exit_code, failure FROM outbox ORDER BY id LIMIT " + BATCH)) {
      while (rs.next()) {
        Integer exit = rs.getObject(9) == null ? null : rs.getInt(9);
        publish(List.of(new StatusMessage.Change(rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
            java.time.Instant.ofEpochSecond(0, rs.getLong(6)), rs.getString(7), rs.getString(8), exit, rs.getString(10))));
        ids.add(rs.getLong(1));
      }
    }
    if (ids.isEmpty()) return true;
    ch.waitForConfirmsOrDie(10_000);
    try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
      ps.setArray(1, db.createArrayOf("bigint", ids.toArray()));
      ps.executeUpdate();
    }
    published.addAndGet(ids.size());
    messages.addAndGet(ids.size());
    log.info("published {} status messages left in the outbox of an earlier version", ids.size());
    return false;
  }

  /** A row of {@code outbox_writes}, and how far this batch got through its packs. */
  private record Write(long id, long firstPack, long lastPack, long reachedPack) {
    boolean finished() {
      return reachedPack >= lastPack;
    }
  }

  /** Publishes up to {@link #BATCH} packs' changes and forgets them once confirmed; returns how many packs. */
  int relayOnce() throws Exception {
    connect();
    List<Write> writes = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, first_pack, last_pack FROM outbox_writes ORDER BY id LIMIT 256")) {
      while (rs.next()) writes.add(new Write(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(2) - 1));
    }
    Map<String, List<StatusMessage.Change>> byTask = new LinkedHashMap<>();
    List<Write> read = new ArrayList<>();
    int packs = 0;
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT id, task_id, body FROM event_packs WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?")) {
      for (Write w : writes) {
        if (packs >= BATCH) break;
        ps.setLong(1, w.firstPack());
        ps.setLong(2, w.lastPack());
        ps.setInt(3, BATCH - packs);
        long reached = w.lastPack();
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String task = rs.getString(2);
            PackChanges.read(task, rs.getString(3), byTask.computeIfAbsent(task, t -> new ArrayList<>(4)));
            reached = rs.getLong(1);
            n++;
          }
        }
        packs += n;
        read.add(new Write(w.id(), w.firstPack(), w.lastPack(), packs >= BATCH ? reached : w.lastPack()));
      }
    }
    if (read.isEmpty()) return 0;
    long changes = 0;
    int sent = 0;
    for (List<StatusMessage.Change> c : byTask.values()) {
      if (c.isEmpty()) continue;
      publish(c);
      changes += c.size();
      sent++;
    }
    if (sent > 0) ch.waitForConfirmsOrDie(10_000);
    forget(read);
    published.addAndGet(changes);
    messages.addAndGet(sent);
    return packs;
  }

  private void publish(List<StatusMessage.Change> changes) throws java.io.IOException {
    StatusMessage.Change last = changes.get(changes.size() - 1);
    byte[] body = StatusMessage.encode(changes);
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().type(Wire.STATUS).contentType("application/json")
        .deliveryMode(2).messageId(last.messageId()).build();
    ch.basicPublish(Topology.TASKS, Topology.STATUS_PREFIX + last.taskId(), props, body);
    if (last.terminal()) ch.basicPublish(Topology.TASKS, Topology.COMPLETE_KEY, props, body);
  }

  /** Deletes the writes published in full; moves the start of one published in part. */
  private void forget(List<Write> read) throws SQLException {
    List<Long> done = new ArrayList<>();
    for (Write w : read) {
      if (w.finished()) {
        done.add(w.id());
      } else {
        try (PreparedStatement ps = db.prepareStatement("UPDATE outbox_writes SET first_pack = ? WHERE id = ?")) {
          ps.setLong(1, w.reachedPack() + 1);
          ps.setLong(2, w.id());
          ps.executeUpdate();
        }
      }
    }
    if (done.isEmpty()) return;
    try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox_writes WHERE id = ANY (?)")) {
      ps.setArray(1, db.createArrayOf("bigint", done.toArray()));
      ps.executeUpdate();
    }
  }

  private void connect() throws Exception {
    if (db == null) {
      db = DriverManager.getConnection(url);
      try (Statement s = db.createStatement()) {
        s.execute("SET search_path TO " + schema);
      }
    }
    if (ch == null || !ch.isOpen()) {
      ch = amqp.createChannel();
      ch.confirmSelect();
    }
  }

  private void resetDb() {
    try {
      if (db != null) db.close();
    } catch (SQLException ignored) {
      // reconnects
    }
    db = null;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    resetDb();
    try {
      if (ch != null && ch.isOpen()) ch.close();
    } catch (Exception ignored) {
      // closing
    }
  }
}
