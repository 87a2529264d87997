package io.taskexec.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox: each row (written in the transaction of its state change, one per task,
 * attempt and state) goes to {@code task.status.<task_id>}, an end also to {@code complete};
 * persistent, with publisher confirms; rows are deleted only once RabbitMQ confirmed them. A crash
 * between confirm and delete publishes a row again with the same {@code message_id}
 * ({@code <task>/<attempt>/<state>}), by which a consumer drops the repeat.
 */
final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "UPSTREAM_FAILED",
      "DEADLINE_MISSED", "SKIPPED");
  private static final int BATCH = 2000;

  private final String url;
  private final String schema;
  private final Connection amqp;
  private final Thread thread;
  private final AtomicLong published = new AtomicLong();
  private volatile boolean closed;
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
   * Attaches the outbox trigger to the table the store writes events to (idempotent): the packed
   * events ({@code event_packs}) when the schema has them, else {@code events}.
   */
  static void install(String jdbcUrl, String schema) throws SQLException {
    try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      boolean packs;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + schema + ".event_packs') IS NOT NULL")) {
        rs.next();
        packs = rs.getBoolean(1);
      }
      s.execute("DROP TRIGGER IF EXISTS events_outbox ON events");
      if (packs) s.execute("DROP TRIGGER IF EXISTS events_outbox ON event_packs");
      s.execute("CREATE TRIGGER events_outbox AFTER INSERT ON " + (packs ? "event_packs" : "events")
          + " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
          + (packs ? "taskexec_outbox_packs()" : "taskexec_outbox()"));
    }
  }

  void start() {
    thread.start();
  }

  /** Status messages confirmed by RabbitMQ so far. */
  long published() {
    return published.get();
  }

  private void loop() {
    while (!closed) {
      try {
        int n = relayOnce();
        if (n == 0) Thread.sleep(20);
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

  /** Publishes one batch of rows and deletes them once confirmed; returns how many. */
  int relayOnce() throws Exception {
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
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("SELECT id, task_id, attempt, state, event_type, at_ns, agent_id,"
        + " message, exit_code, failure FROM outbox ORDER BY id LIMIT " + BATCH); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String task = rs.getString(2);
        int attempt = rs.getInt(3);
        String state = rs.getString(4);
        long ns = rs.getLong(6);
        Integer exit = rs.getObject(9) == null ? null : rs.getInt(9);
        byte[] body = Wire.status(task, attempt, state, rs.getString(5), Instant.ofEpochSecond(0, ns), rs.getString(7),
            rs.getString(8), exit, rs.getString(10));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().type(Wire.STATUS).contentType("application/json")
            .deliveryMode(2).messageId(task + "/" + attempt + "/" + state).build();
        ch.basicPublish(Topology.TASKS, Topology.STATUS_PREFIX + task, props, body);
        if (TERMINAL.contains(state)) ch.basicPublish(Topology.TASKS, Topology.COMPLETE_KEY, props, body);
        ids.add(rs.getLong(1));
      }
    }
    if (ids.isEmpty()) return 0;
    ch.waitForConfirmsOrDie(10_000);
    try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
      ps.setArray(1, db.createArrayOf("bigint", ids.toArray()));
      ps.executeUpdate();
    }
    published.addAndGet(ids.size());
    return ids.size();
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
