package io.taskexec.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.taskexec.bench.PeerJobs.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.DefaultSqlStorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.storage.sql.sqlite.SqLiteStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * JobRunr (open-source edition) on its own SQL storage: SQLite (WAL, {@code synchronous=FULL}, as
 * taskexec's) or PostgreSQL, with a HikariCP pool. Jobs are {@link JobRequest}s whose handler
 * counts; one in-process {@link BackgroundJobServer} with its default worker count.
 * A batch is {@code enqueue(Stream)}, one insert batch in one transaction; a single job is
 * {@code enqueue(request)}. Done means stored as SUCCEEDED. JobRunr's SQL stores refuse a poll
 * interval under 5 s, so its clock starts at its first job (see {@link DurableQueue#clockFromFirstRun}).
 */
final class PeerJobRunr implements DurableQueue {
  static final String NAME = "JobRunr " + PeerJobs.version(JobRequestScheduler.class, "8.2.0");
  private static final Duration POLL = Duration.ofSeconds(5);

  private final HikariDataSource pool;
  private final StorageProvider storage;
  private final JobRequestScheduler scheduler;
  private final BackgroundJobServer server;
  private final Counter counter = new Counter();
  private final AutoCloseable cleanup;

  private PeerJobRunr(HikariDataSource pool, DefaultSqlStorageProvider sql, AutoCloseable cleanup) {
    this.pool = pool;
    this.cleanup = cleanup;
    JsonMapper json = new JacksonJsonMapper();
    sql.setJobMapper(new JobMapper(json));
    this.storage = sql;
    this.scheduler = new JobRequestScheduler(storage);
    JobActivator activator = new JobActivator() {
      @Override
      public <T> T activateJob(Class<T> type) {
        return type.cast(new NoopHandler(counter));
      }
    };
    this.server = new BackgroundJobServer(storage, json, activator,
        BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration().andPollInterval(POLL));
    server.start();
  }

  /** On a SQLite file of its own under {@code dir}. */
  static Opener sqlite(Path dir) {
    return (run, jobs) -> {
      Path runDir = Files.createDirectories(dir.resolve("jobrunr-" + run));
      SQLiteConfig cfg = new SQLiteConfig();
      cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
      cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      cfg.setBusyTimeout(60_000);
      SQLiteDataSource ds = new SQLiteDataSource(cfg);
      ds.setUrl("jdbc:sqlite:" + runDir.resolve("jobrunr.db"));
      // one connection: with more, JobRunr fails with SQLITE_BUSY and races its own migrations
      HikariDataSource pool = pool(ds, 1);
      return new PeerJobRunr(pool, new SqLiteStorageProvider(pool), () -> PeerJobs.deleteTree(runDir));
    };
  }

  /** On a schema of its own in {@code db}. */
  static Opener postgres(PgDatabase db) {
    return (run, jobs) -> {
      String schema = "jobrunr_" + run.replaceAll("[^a-z0-9_]", "_");
      db.createSchema(schema);
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(db.url(schema));
      cfg.setMaximumPoolSize(10);
      HikariDataSource pool = new HikariDataSource(cfg);
      return new PeerJobRunr(pool, new PostgresStorageProvider(pool), () -> db.dropSchema(schema));
    };
  }

  private static HikariDataSource pool(DataSource ds, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSource(ds);
    cfg.setMaximumPoolSize(size);
    return new HikariDataSource(cfg);
  }

  @Override
  public void enqueue(int from, int to) {
    counter.enqueuing();
    if (to == from + 1) scheduler.enqueue(new NoopRequest(from));
    else scheduler.enqueue(IntStream.range(from, to).mapToObj(NoopRequest::new));
  }

  @Override
  public boolean awaitDone(int n, Duration limit) throws InterruptedException {
    return PeerJobs.poll(limit, () -> done() >= n || storage.countJobs(StateName.FAILED) > 0) && done() >= n;
  }

  @Override
  public long done() {
    return storage.countJobs(StateName.SUCCEEDED);
  }

  @Override
  public long firstRunNanos() {
    return counter.firstRunNanos();
  }

  @Override
  public boolean clockFromFirstRun() {
    return true;
  }

  @Override
  public String details() {
    return String.format("first job ran %.2f s after the first enqueue (poll interval %d s, not counted); %d workers",
        counter.pickupSeconds(), POLL.toSeconds(), server.getServerStatus().getWorkerPoolSize());
  }

  @Override
  public void close() throws Exception {
    try (AutoCloseable c = cleanup; HikariDataSource p = pool; StorageProvider s = storage) {
      server.stop();
    }
  }

  /** A no-op job: JobRunr stores it as JSON and hands it to {@link NoopHandler}. */
  public static final class NoopRequest implements JobRequest {
    private int n;

    public NoopRequest() {}

    NoopRequest(int n) {
      this.n = n;
    }

    public int getN() {
      return n;
    }

    public void setN(int n) {
      this.n = n;
    }

    @Override
    public Class<NoopHandler> getJobRequestHandler() {
      return NoopHandler.class;
    }
  }

  /** Counts the jobs it runs. */
  public static final class NoopHandler implements JobRequestHandler<NoopRequest> {
    private final Counter counter;

    NoopHandler(Counter counter) {
      this.counter = counter;
    }

    @Override
    public void run(NoopRequest request) {
      counter.ran();
    }
  }
}
