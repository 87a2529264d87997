package io.taskexec.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.taskexec.bench.PeerJobs.Counter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * db-scheduler on PostgreSQL, in a schema of its own holding the {@code scheduled_tasks} table of
 * its documentation. A job is an instance of one {@code OneTimeTask}; a batch is
 * {@code scheduleBatch}, a single job {@code schedule}. Tuned for throughput as its documentation
 * advises: lock-and-fetch polling (PostgreSQL's {@code FOR UPDATE SKIP LOCKED}), immediate
 * execution (scheduling wakes the scheduler in this process), a 100 ms polling interval, 10
 * threads, a HikariCP pool of 12. Done means run and deleted from the table as complete.
 */
final class PeerDbScheduler implements DurableQueue {
  static final String NAME = "db-scheduler " + PeerJobs.version(Scheduler.class, "16.7.1");
  private static final int THREADS = 10;
  /** The table of db-scheduler's documentation for PostgreSQL (its {@code postgresql_tables.sql}). */
  static final List<String> DDL = List.of(
      "CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,"
          + " execution_time timestamp with time zone NOT NULL, picked boolean NOT NULL, picked_by text,"
          + " last_success timestamp with time zone, last_failure timestamp with time zone,"
          + " consecutive_failures int, last_heartbeat timestamp with time zone, version bigint NOT NULL,"
          + " priority smallint, PRIMARY KEY (task_name, task_instance))",
      "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
      "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
      "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority desc, execution_time asc)");

  private final HikariDataSource pool;
  private final Connection poller;
  private final Scheduler scheduler;
  private final OneTimeTask<Void> task;
  private final Counter counter = new Counter();
  private final AutoCloseable cleanup;

  private PeerDbScheduler(PgDatabase db, String schema) throws Exception {
    this.cleanup = () -> db.dropSchema(schema);
    db.createSchema(schema);
    db.exec(schema, DDL);
    this.poller = db.connect(schema);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(db.url(schema));
    cfg.setMaximumPoolSize(THREADS + 2);
    this.pool = new HikariDataSource(cfg);
    this.task = Tasks.oneTime("noop").execute((instance, context) -> counter.ran());
    this.scheduler = Scheduler.create(pool, task)
        .threads(THREADS)
        .pollingInterval(Duration.ofMillis(100))
        .pollUsingLockAndFetch(0.5, 1.0)
        .enableImmediateExecution()
        .build();
    scheduler.start();
  }

  /** On a schema of its own in {@code db}. */
  static Opener postgres(PgDatabase db) {
    return (run, jobs) -> new PeerDbScheduler(db, "dbscheduler_" + run.replaceAll("[^a-z0-9_]", "_"));
  }

  @Override
  public void enqueue(int from, int to) {
    counter.enqueuing();
    Instant now = Instant.now();
    if (to == from + 1) {
      scheduler.schedule(task.instance("j" + from), now);
      return;
    }
    List<TaskInstance<?>> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) batch.add(task.instance("j" + i));
    scheduler.scheduleBatch(batch, now);
  }

  @Override
  public boolean awaitDone(int n, Duration limit) throws InterruptedException {
    return PeerJobs.poll(limit, () -> counter.count() >= n
        && PgDatabase.count(poller, "SELECT count(*) FROM scheduled_tasks") == 0);
  }

  @Override
  public long done() {
    return counter.count();
  }

  @Override
  public String details() {
    return String.format("first job ran %.3f s after the first enqueue; %d threads", counter.pickupSeconds(), THREADS);
  }

  @Override
  public void close() throws Exception {
    try (AutoCloseable c = cleanup; Connection p = poller; HikariDataSource ds = pool) {
      scheduler.stop();
    }
  }
}
