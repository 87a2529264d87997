/**
 * The durable {@link io.taskexec.store.StateStore}s: {@link io.taskexec.store.jdbc.SqliteStateStore}
 * (one file under a data directory, the embedded default) and
 * {@link io.taskexec.store.jdbc.PostgresStateStore} (one schema of a PostgreSQL database, for
 * clusters), opened by {@link io.taskexec.store.jdbc.StateStores#open} from the configuration.
 *
 * <p>How they work, in the order a write travels:
 *
 * <ol>
 *   <li>Callers hand work to the one {@link io.taskexec.store.jdbc.Writer} thread of the store:
 *       submissions (the caller waits), events (buffered, write-behind) and small writes (agents,
 *       metric summaries, reports; the caller waits).
 *   <li>The writer takes everything pending and writes it in one transaction with batched inserts
 *       (group commit): one commit, so one fsync, for many callers. A task id stored with another
 *       spec fails its own caller's batch only ({@link io.taskexec.store.ConflictException}).
 *   <li>Events are written when a caller waits anyway, when {@code sync_interval} has passed since
 *       the oldest buffered one, when the buffer is large, or on {@code flush()}.
 *   <li>Errors that waiting can cure (PostgreSQL away, disk full, busy) are retried with bounded
 *       exponential backoff ({@link io.taskexec.store.jdbc.Backoff}); buffered events are never
 *       dropped. Other errors break the store with a message that says what to do.
 * </ol>
 *
 * <p>The schema is versioned ({@code schema_version}); numbered migrations under
 * {@code resources/io/taskexec/store/jdbc/<dialect>/} are applied in order in one transaction. Times
 * are stored as epoch nanoseconds ({@code *_ns}), JSON as text.
 */
package io.taskexec.store.jdbc;
