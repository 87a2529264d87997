package io.taskexec.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a SQLite store's write-ahead log into the database file on a thread and a connection of
 * its own ({@code PRAGMA wal_checkpoint(PASSIVE)}), at most once per period while the writer
 * commits. Left to the writer (SQLite's automatic checkpoint), that copy and its fsync are paid
 * inside a commit, and every submitter waiting for that commit waits for them too: it was half of
 * the writer's commit time under load.
 *
 * <p>Durability does not depend on it: a commit is durable once its WAL frames are synced, and a
 * checkpoint only moves durable frames. A passive checkpoint never blocks the writer or readers;
 * one that fails (disk full, read-only file) is logged and tried again after the next commit. The
 * writer keeps a large automatic checkpoint as a backstop, so that the log cannot grow without
 * bound when this thread cannot keep up.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final Path file;
  private final String shown;
  private final long periodNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  // guarded by lock
  private boolean pending;
  private boolean closed;
  private Thread thread;
  // checkpoint thread only
  private Connection conn;
  private String lastFailure;

  Checkpointer(Path file, String shown, long periodMillis) {
    this.file = Objects.requireNonNull(file, "file");
    this.shown = shown;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
  }

  /** The writer committed: checkpoint soon. Cheap; starts the thread on the first call. */
  void committed() {
    lock.lock();
    try {
      if (closed) return;
      pending = true;
      if (thread == null) {
        thread = new Thread(this::loop, "taskexec-store-checkpoint " + shown);
        thread.setDaemon(true);
        thread.start();
      } else {
        wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    try {
      while (awaitCommit()) {
        checkpoint();
        pause();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeConnection();
    }
  }

  /** Waits for a commit since the last checkpoint; false once closed. */
  private boolean awaitCommit() throws InterruptedException {
    lock.lock();
    try {
      while (!pending && !closed) wake.await();
      pending = false;
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** Waits out the period (or until closed), so that checkpoints are not run per commit. */
  private void pause() throws InterruptedException {
    lock.lock();
    try {
      long left = periodNanos;
      while (!closed && left > 0) left = wake.awaitNanos(left);
    } finally {
      lock.unlock();
    }
  }

  private void checkpoint() {
    try {
      if (conn == null) {
        conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = conn.createStatement()) {
          s.execute("PRAGMA busy_timeout = 0");
        }
      }
      try (Statement s = conn.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
      if (lastFailure != null) log.info("{}: checkpoints work again", shown);
      lastFailure = null;
    } catch (SQLException e) {
      // the writer's own automatic checkpoint is the backstop; say it once, not per commit
      if (!Objects.equals(lastFailure, e.getMessage()))
        log.warn("{}: copying the write-ahead log into the file failed ({}); trying again after the next"
            + " commit", shown, e.getMessage());
      lastFailure = e.getMessage();
      closeConnection();
    }
  }

  private void closeConnection() {
    try {
      if (conn != null) conn.close();
    } catch (SQLException e) {
      log.debug("closing the checkpoint connection failed", e);
    }
    conn = null;
  }

  /** Stops the thread; waits for a checkpoint in progress. Idempotent. */
  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      closed = true;
      wake.signal();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t == null) return;
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
