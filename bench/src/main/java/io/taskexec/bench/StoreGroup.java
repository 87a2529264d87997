package io.taskexec.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Group (s): durable no-op throughput and enqueue acknowledgement latency of taskexec with each of
 * its stores (memory, SQLite, PostgreSQL), side by side with JobRunr, Quartz and db-scheduler on the
 * same databases, in the same JVM. Every subject runs twice on fresh storage: batched (several
 * threads enqueue batches) and single (more threads enqueue one job per call). A subject that
 * cannot run is reported as n/a with the reason.
 */
final class StoreGroup {
  /** One subject on one database. */
  record Subject(String name, String database, DurableQueue.Opener opener, boolean taskexec) {}

  /** {@code -Dtaskexec.bench.store.only=REGEX}: only the subjects whose "name database" it finds. */
  static final String ONLY_PROPERTY = "taskexec.bench.store.only";

  private static final String UNAVAILABLE = "PostgreSQL unavailable";

  private StoreGroup() {}

  /** Measures, adds the figures to {@code report}; false when a taskexec run did not finish. */
  static boolean run(Settings s, Report report, Consumer<String> log) throws Exception {
    StoreSizes sizes = StoreSizes.of(s);
    List<StoreRun> runs = measure(sizes, s.workers(), log);
    StoreReport.report(sizes, runs, report, log);
    return runs.stream().filter(r -> r.subject().equals("taskexec"))
        .allMatch(r -> r.ok() || r.failure() != null && r.failure().startsWith(UNAVAILABLE));
  }

  /** Every run of group (s), in the order measured. */
  static List<StoreRun> measure(StoreSizes z, int workers, Consumer<String> log) throws Exception {
    quietPeerLogs();
    Path dir = Files.createTempDirectory("taskexec-bench-store-");
    List<StoreRun> out = new ArrayList<>();
    log.accept(String.format("[s] durable stores: %,d no-op jobs in batches of %,d from %d threads, then %,d single jobs"
            + " from %d threads, per subject, each on fresh storage; SQLite files under %s; %d engine workers",
        z.tasks(), z.batch(), z.batchThreads(), z.singles(), z.singleThreads(), dir, workers));
    try {
      List<Subject> local = List.of(
          new Subject("taskexec", "memory", TaskexecQueue.memory(dir, workers), true),
          new Subject("taskexec", "SQLite", TaskexecQueue.sqlite(dir, workers), true),
          new Subject(PeerJobRunr.NAME, "SQLite", PeerJobRunr.sqlite(dir), false));
      for (Subject sub : local) if (selected(sub)) out.addAll(measure(sub, z, log));
      List<String> pgNames = List.of("taskexec", PeerJobRunr.NAME, PeerQuartz.NAME, PeerDbScheduler.NAME);
      if (pgNames.stream().noneMatch(name -> selected(name, "PostgreSQL"))) return out;
      PgDatabase db;
      try {
        db = PgDatabase.create(PgDatabase.adminUrl());
      } catch (Exception e) {
        String why = UNAVAILABLE + " at " + PgDatabase.adminUrl() + ": " + LoadDriver.reason(e);
        log.accept("[s] " + why);
        for (String name : pgNames) {
          out.add(StoreRun.failed(name, "PostgreSQL", "batched", z.tasks(), why));
          out.add(StoreRun.failed(name, "PostgreSQL", "single", z.singles(), why));
        }
        return out;
      }
      try (db) {
        log.accept("[s] PostgreSQL: database " + db.name() + " (dropped at the end), a schema per run");
        List<Subject> pg = List.of(
            new Subject("taskexec", "PostgreSQL", TaskexecQueue.postgres(db, dir, workers), true),
            new Subject(PeerJobRunr.NAME, "PostgreSQL", PeerJobRunr.postgres(db), false),
            new Subject(PeerQuartz.NAME, "PostgreSQL", PeerQuartz.postgres(db), false),
            new Subject(PeerDbScheduler.NAME, "PostgreSQL", PeerDbScheduler.postgres(db), false));
        for (Subject sub : pg) if (selected(sub)) out.addAll(measure(sub, z, log));
      }
    } finally {
      PeerJobs.deleteTree(dir);
    }
    return out;
  }

  /** Warm-up (unreported), then the batched and the single run. */
  private static List<StoreRun> measure(Subject sub, StoreSizes z, Consumer<String> log) {
    String key = (sub.taskexec() ? "" : sub.name().replaceAll(" .*", "")) + sub.database();
    String run = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    // taskexec, the subject under test, always gets the full counts, and a warm-up as large as its
    // batched run (at most 50,000): at its rate that is about a second for the JIT, where a peer's
    // 1,000 warm-up jobs take it one to several seconds. A peer slower than the counts allow in the
    // budget gets fewer, and stops enqueuing after it
    Duration budget = sub.taskexec() ? z.limit() : z.budget().multipliedBy(3).dividedBy(2);
    int warmup = sub.taskexec() && z.warmup() > 0 ? Math.max(z.warmup(), Math.min(z.tasks(), 50_000)) : z.warmup();
    double rate = Double.NaN;
    if (warmup > 0) {
      StoreRun w = LoadDriver.measure(sub.name(), sub.database(), "warm-up", sub.opener(), run + "_warm",
          warmup, z.batch(), z.batchThreads(), budget, z.limit());
      log.accept("[s] warm-up: " + w.describe());
      if (!w.ok()) {
        String why = "warm-up failed: " + (w.failure() == null ? "not every job was done" : w.failure());
        return List.of(StoreRun.failed(sub.name(), sub.database(), "batched", z.tasks(), why),
            StoreRun.failed(sub.name(), sub.database(), "single", z.singles(), why));
      }
      if (!sub.taskexec()) rate = w.perSecond();
    }
    StoreRun batched = LoadDriver.measure(sub.name(), sub.database(), "batched", sub.opener(), run + "_batched",
        z.jobsFor(z.tasks(), rate, z.batch()), z.batch(), z.batchThreads(), budget, z.limit());
    log.accept("[s] " + batched.describe());
    StoreRun single = LoadDriver.measure(sub.name(), sub.database(), "single", sub.opener(), run + "_single",
        z.jobsFor(z.singles(), rate, 1), 1, z.singleThreads(), budget, z.limit());
    log.accept("[s] " + single.describe());
    return List.of(batched, single);
  }

  /** Whether {@code -Dtaskexec.bench.store.only=REGEX} (matched in "subject database") selects the subject. */
  private static boolean selected(Subject s) {
    return selected(s.name(), s.database());
  }

  private static boolean selected(String name, String database) {
    String only = System.getProperty(ONLY_PROPERTY);
    return only == null || Pattern.compile(only, Pattern.CASE_INSENSITIVE).matcher(name + " " + database).find();
  }

  /** The peers log every job at INFO; the benchmark shows their warnings only (unless set otherwise). */
  private static void quietPeerLogs() {
    for (String p : List.of("org.jobrunr", "org.quartz", "com.github.kagkarlsson", "com.zaxxer.hikari")) {
      String key = "org.slf4j.simpleLogger.log." + p;
      if (System.getProperty(key) == null) System.setProperty(key, "warn");
    }
  }
}
