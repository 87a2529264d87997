package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.ReportingConfig;
import io.taskexec.store.ReportEntry;
import io.taskexec.store.StateStore;
import io.taskexec.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written report is a whole file and an entry in the store's index of reports. */
class ReportIndexTest {
  @TempDir Path dir;

  @Test
  void a_written_report_is_indexed_in_the_store() throws Exception {
    Instant now = Instant.parse("2026-06-02T00:00:00Z");
    ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, null, new ManualClock(now));
    try (StateStore s = Stores.withRun(dir.resolve("db"), 20, 2, new SyntheticRun())) {
      List<Report> reports = g.run(s, "r", "db", List.of(ReportFormat.JSON, ReportFormat.HTML));
      Path out = dir.resolve("reports");
      for (Report r : reports) ReportGenerator.write(r, out, s);
      try (var files = Files.list(out)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
            .containsExactly("run-20260602-000000.html", "run-20260602-000000.json"); // no temporary file left
      }
      assertThat(Files.readAllBytes(out.resolve("run-20260602-000000.json"))).isEqualTo(reports.get(0).content());
      assertThat(s.reports()).extracting(ReportEntry::id, ReportEntry::kind, ReportEntry::format, ReportEntry::created)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("run-20260602-000000.json", "run", "json", now),
              org.assertj.core.groups.Tuple.tuple("run-20260602-000000.html", "run", "html", now));
      assertThat(s.reports()).allSatisfy(e -> assertThat(Path.of(e.path())).startsWith(out));
    }
  }
}
