package io.taskexec.store.jdbc;

import io.taskexec.store.StoreException;
import io.taskexec.store.jdbc.Rows.PackRow;
import io.taskexec.store.jdbc.Rows.TaskRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between SQLite and PostgreSQL: how to connect, how to write batches fast, and what
 * an error means for the person running taskexec. Everything else is the same SQL.
 */
interface Dialect {
  /** The folder of this dialect's migrations, e.g. {@code sqlite}. */
  String name();

  /** Where the store is, for messages: a file path or {@code host:port/db schema s}. */
  String where();

  /** A new connection, set up for writing (autocommit off) or reading. */
  Connection connect(boolean writer) throws SQLException;

  /**
   * Inserts the rows whose id is not stored yet, in order. For each row, true when it was inserted;
   * false when its id was already stored (perhaps by an earlier row of the same list).
   */
  boolean[] insertTasks(Connection c, List<TaskRow> rows) throws SQLException;

  /** Inserts events, packed: one row per task per write ({@code event_packs}, see {@link Packs}). */
  void insertPacks(Connection c, List<PackRow> rows) throws SQLException;

  /**
   * True when two connections may write at once: submissions then get a writer and a connection
   * of their own, and never wait for events being written. False for SQLite (one writer per file).
   */
  default boolean concurrentWriters() {
    return false;
  }

  /** Called by a writer after each commit (SQLite: checkpoint the log soon, on another thread). */
  default void committed() {}

  /** Stops what the dialect runs beside the writers; called once they are closed. */
  default void close() {}

  /** What the error means, as a store exception that says what to do. */
  StoreException translate(SQLException e, String doing);

  /** True when the connection is gone and a new one is needed before trying again. */
  boolean connectionLost(SQLException e);

  /**
   * Rolls back after a failed statement, leaving the connection ready for the next transaction.
   *
   * @return false when the connection is not usable any more and must be replaced
   */
  default boolean rollback(Connection c) {
    try {
      c.rollback();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The names of the tables of the store (none when it is new). */
  List<String> tables(Connection c) throws SQLException;

  /** Run first in the migration's transaction: take a lock against concurrent migrations. */
  default void beginMigration(Connection c) throws SQLException {}

  /** Damage the database itself can detect (beyond the store's own rules); empty when none. */
  default List<String> integrityProblems(Connection c) throws SQLException {
    return List.of();
  }
}
