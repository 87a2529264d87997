package io.taskexec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs group (s) small, against SQLite and the machine's PostgreSQL (as the store module's tests
 * do: {@code -Dtaskexec.bench.pg.url} to use another), and checks that every subject, taskexec and
 * each peer, did every job it acknowledged. Never checks speed.
 */
class StoreBenchSmokeTest {
  @Test
  void group_s_runs_taskexec_and_every_peer_to_completion_and_reports_them(@TempDir Path dir) throws Exception {
    StoreSizes tiny = StoreSizes.tiny();
    List<String> lines = new ArrayList<>();

    List<StoreRun> runs = StoreGroup.measure(tiny, 2, lines::add);

    List<String> expected = new ArrayList<>();
    for (String mode : List.of("batched", "single")) {
      expected.add("taskexec memory " + mode);
      expected.add("taskexec SQLite " + mode);
      expected.add(PeerJobRunr.NAME + " SQLite " + mode);
      expected.add("taskexec PostgreSQL " + mode);
      expected.add(PeerJobRunr.NAME + " PostgreSQL " + mode);
      expected.add(PeerQuartz.NAME + " PostgreSQL " + mode);
      expected.add(PeerDbScheduler.NAME + " PostgreSQL " + mode);
    }
    assertThat(runs).extracting(r -> r.subject() + " " + r.database() + " " + r.mode())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(runs).allSatisfy(r -> {
      assertThat(r.failure()).as(r.describe()).isNull();
      assertThat(r.jobs()).as(r.describe()).isEqualTo(r.mode().equals("batched") ? tiny.tasks() : tiny.singles());
      assertThat(r.done()).as(r.describe()).isEqualTo(r.jobs());
      assertThat(r.calls()).as(r.describe()).isEqualTo(r.mode().equals("batched") ? r.jobs() / tiny.batch() : r.jobs());
    });

    Report report = new Report(new Settings("test", 100, 1, 100, 2, 100, 1, 1, 1, 1));
    StoreReport.report(tiny, runs, report, lines::add);
    Path json = dir.resolve("results.json");
    report.writeJson(json, new java.util.LinkedHashMap<>());
    String text = Files.readString(json);
    assertThat(text).contains("\"s.taskexec_sqlite_batched_tasks_per_s\"", "\"s.taskexec_postgresql_single_ack_p99_us\"",
        "\"s.jobrunr_sqlite_batched_jobs_per_s\"", "\"s.quartz_postgresql_batched_jobs_per_s\"",
        "\"s.db_scheduler_postgresql_single_jobs_per_s\"");
    assertThat(text).doesNotContain("n/a");
    assertThat(String.join("\n", lines)).contains("side by side");
  }

  @Test
  void a_slow_subject_gets_fewer_jobs_but_never_fewer_than_the_minimum() {
    StoreSizes quick = new StoreSizes(20_000, 5_000, 1_000, 4, 16, 1_000, java.time.Duration.ofSeconds(8), 1_000,
        java.time.Duration.ofMinutes(2));

    assertThat(quick.jobsFor(20_000, Double.NaN, 1_000)).isEqualTo(20_000);
    assertThat(quick.jobsFor(20_000, 100_000, 1_000)).isEqualTo(20_000);
    assertThat(quick.jobsFor(20_000, 620, 1_000)).as("8 s at 620/s, in whole batches").isEqualTo(5_000);
    assertThat(quick.jobsFor(5_000, 620, 1)).isEqualTo(4_960);
    assertThat(quick.jobsFor(5_000, 10, 1)).isEqualTo(1_000);
  }

  @Test
  void the_quartz_ddl_is_found_in_its_jar_and_split_into_statements() throws Exception {
    try (var in = org.quartz.impl.jdbcjobstore.JobStoreSupport.class.getResourceAsStream("tables_postgres.sql")) {
      List<String> statements = PeerJobs.statements(in);

      assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE QRTZ_TRIGGERS"));
      assertThat(statements).noneSatisfy(s -> assertThat(s).containsIgnoringCase("commit"));
    }
  }
}
