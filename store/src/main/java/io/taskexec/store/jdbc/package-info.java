/**
 * The durable {@link io.taskexec.store.StateStore}s: {@link io.taskexec.store.jdbc.SqliteStateStore}
 * (one file under a data directory, the embedded default) and
 * {@link io.taskexec.store.jdbc.PostgresStateStore} (one schema of a PostgreSQL database, for
 * clusters), opened by {@link io.taskexec.store.jdbc.StateStores#open} from the configuration.
 *
 * <p>How they work, in the order a write travels:
 *
 * <ol>
 *   <li>Callers hand work to the {@link io.taskexec.store.jdbc.Writer} threads of the store:
 *       submissions (the caller waits), events (buffered, write-behind) and small writes (agents,
 *       metric summaries, reports; the caller waits). SQLite has one writer; PostgreSQL a second
 *       one, with its own connection, for submissions and small writes.
 *   <li>A writer takes everything pending and writes submissions and small writes first in one
 *       transaction with batched inserts (group commit: one commit, so one fsync, for many callers;
 *       {@code COPY} on PostgreSQL), acknowledges them, then the events that are due in a second
 *       one: an acknowledgement never waits for events being written. A task id stored with another
 *       spec fails its own caller's batch only ({@link io.taskexec.store.ConflictException}).
 *   <li>Events are stored packed ({@link io.taskexec.store.jdbc.Packs}): one {@code event_packs}
 *       row per task per write holds that task's events of the write, and says where the task
 *       stands after them; no row is updated. Every event is kept, with its storage id.
 *   <li>Events are due when {@code sync_interval} has passed since the oldest buffered one, when
 *       the buffer is large, on {@code flush()} (reads flush first) and on close. A round woken by a
 *       submission leaves events that are not due in the buffer: they are written later in fewer,
 *       larger packs.
 *   <li>SQLite copies its write-ahead log into the file on a thread of its own
 *       ({@link io.taskexec.store.jdbc.Checkpointer}), not inside the writer's commits.
 * </ol>
 *
 * <p>The schema is versioned ({@code schema_version}); numbered migrations under
 * {@code resources/io/taskexec/store/jdbc/<dialect>/} are applied in order in one transaction. Times
 * are stored as epoch nanoseconds ({@code *_ns}), JSON as text.
 */
package io.taskexec.store.jdbc;
