package io.taskexec.bench;

import java.time.Duration;

/**
 * One subject of group (s) opened on fresh storage (a new SQLite file, a new PostgreSQL schema):
 * taskexec with one of its stores, or a peer scheduler. Jobs are numbered {@code 0 .. n-1} and do
 * nothing.
 */
interface DurableQueue extends AutoCloseable {
  /** Opens a subject on fresh storage, ready to take {@code jobs} jobs. */
  @FunctionalInterface
  interface Opener {
    DurableQueue open(String runName, int jobs) throws Exception;
  }

  /**
   * Enqueues jobs {@code from .. to-1} in one call (one job when {@code to == from + 1}, else one
   * batch) and returns once they are acknowledged, which for every subject here means committed to
   * its database. Called from several threads at once.
   */
  void enqueue(int from, int to) throws Exception;

  /**
   * Waits until {@code n} jobs have run and their completion is stored.
   *
   * @return false when {@code limit} passed first
   */
  boolean awaitDone(int n, Duration limit) throws Exception;

  /** Jobs known to have completed (ran, and for a durable subject recorded as done). */
  long done();

  /**
   * {@link System#nanoTime} when the first job began to run, or 0 when unknown. Used only when
   * {@link #clockFromFirstRun}.
   */
  default long firstRunNanos() {
    return 0;
  }

  /**
   * True for a subject that only picks work up by polling on a long fixed interval (JobRunr's SQL
   * stores refuse less than 5 s): its clock then starts when its first job runs instead of at the
   * first enqueue, so that where the poll happens to fall is not measured. This favours the peer.
   */
  default boolean clockFromFirstRun() {
    return false;
  }

  /** What the log shows after the run: commits, cpu of a writer thread, settings. */
  default String details() {
    return "";
  }

  /** Stops the subject and removes its storage. */
  @Override
  void close() throws Exception;
}
