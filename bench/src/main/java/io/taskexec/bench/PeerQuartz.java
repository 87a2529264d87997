package io.taskexec.bench;

import io.taskexec.bench.PeerJobs.Counter;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/**
 * Quartz with its JDBC job store ({@code JobStoreTX}, PostgreSQL delegate) on a schema of its own,
 * created from the {@code tables_postgres.sql} shipped in the quartz jar. A job is a non-durable
 * {@code JobDetail} with a fire-now {@code SimpleTrigger}; a batch is {@code scheduleJobs} (one
 * transaction), a single job {@code scheduleJob}. 10 worker threads, triggers acquired 10 at a time
 * under the lock, a HikariCP pool of 13; scheduling a job wakes the scheduler thread at once. Done
 * means the job ran and Quartz deleted its trigger (and job) as complete.
 */
final class PeerQuartz implements DurableQueue {
  static final String NAME = "Quartz " + PeerJobs.version(Scheduler.class, "2.5.2");
  private static final int THREADS = 10;

  private final Scheduler scheduler;
  private final Connection poller;
  private final Counter counter = new Counter();
  private final AutoCloseable cleanup;

  private PeerQuartz(PgDatabase db, String schema, String run) throws Exception {
    this.cleanup = () -> db.dropSchema(schema);
    db.createSchema(schema);
    try (InputStream ddl = JobStoreSupport.class.getResourceAsStream("tables_postgres.sql")) {
      if (ddl == null) throw new IllegalStateException("tables_postgres.sql is not in the quartz jar");
      db.exec(schema, PeerJobs.statements(ddl));
    }
    this.poller = db.connect(schema);
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "bench_" + run);
    p.setProperty("org.quartz.scheduler.instanceId", "bench");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(THREADS));
    p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", "ds");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.dataSource.ds.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.ds.driver", "org.postgresql.Driver");
    p.setProperty("org.quartz.dataSource.ds.URL", db.url(schema));
    p.setProperty("org.quartz.dataSource.ds.user", db.user());
    p.setProperty("org.quartz.dataSource.ds.password", db.password());
    p.setProperty("org.quartz.dataSource.ds.maxConnections", Integer.toString(THREADS + 3));
    this.scheduler = new StdSchedulerFactory(p).getScheduler();
    scheduler.setJobFactory((bundle, s) -> new NoopJob(counter));
    scheduler.start();
  }

  /** On a schema of its own in {@code db}. */
  static Opener postgres(PgDatabase db) {
    return (run, jobs) -> new PeerQuartz(db, "quartz_" + run.replaceAll("[^a-z0-9_]", "_"), run);
  }

  private static JobDetail job(int i) {
    return JobBuilder.newJob(NoopJob.class).withIdentity("j" + i, "bench").build();
  }

  private static Trigger trigger(int i) {
    return TriggerBuilder.newTrigger().withIdentity("t" + i, "bench").startNow().build();
  }

  @Override
  public void enqueue(int from, int to) throws Exception {
    counter.enqueuing();
    if (to == from + 1) {
      scheduler.scheduleJob(job(from), trigger(from));
      return;
    }
    Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
    for (int i = from; i < to; i++) batch.put(job(i), Set.of(trigger(i)));
    scheduler.scheduleJobs(batch, false);
  }

  @Override
  public boolean awaitDone(int n, Duration limit) throws InterruptedException {
    return PeerJobs.poll(limit, () -> counter.count() >= n
        && PgDatabase.count(poller, "SELECT (SELECT count(*) FROM qrtz_triggers) + (SELECT count(*) FROM qrtz_fired_triggers)") == 0);
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
    try (AutoCloseable c = cleanup; Connection p = poller) {
      scheduler.shutdown(true);
    }
  }

  /** A no-op job; made by the scheduler's job factory with the run's counter. */
  public static final class NoopJob implements Job {
    private final Counter counter;

    public NoopJob() {
      this(new Counter());
    }

    NoopJob(Counter counter) {
      this.counter = counter;
    }

    @Override
    public void execute(JobExecutionContext context) {
      counter.ran();
    }
  }
}
