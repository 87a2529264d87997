package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.ReportingConfig;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StateStore;
import io.taskexec.task.TaskState;
import io.taskexec.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCacheTest {
  @TempDir Path dir;

  static Report report(String id) {
    return new Report(id, "run", ReportFormat.JSON, id + ".json", Instant.EPOCH, new byte[0]);
  }

  @Test
  void the_cache_keeps_at_most_cache_size_reports_and_drops_the_least_recently_used() {
    ReportCache c = new ReportCache(2);
    c.put("a", report("a"));
    c.put("b", report("b"));
    assertThat(c.get("a")).isPresent(); // a is now more recent than b
    c.put("c", report("c"));
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.get("b")).isEmpty();
    assertThat(c.get("a")).isPresent();
    assertThat(c.get("c")).isPresent();
  }

  @Test
  void a_cache_size_of_zero_keeps_nothing() {
    ReportCache c = new ReportCache(0);
    c.put("a", report("a"));
    assertThat(c.get("a")).isEmpty();
  }

  @Test
  void the_same_report_of_unchanged_data_comes_from_the_cache_and_a_change_makes_it_again() {
    ManualClock clock = new ManualClock(Instant.parse("2026-06-02T00:00:00Z"));
    ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, null, clock);
    try (StateStore s = Stores.withRun(dir, 30, 2, new SyntheticRun())) {
      Report first = g.run(s, "r", "db", List.of(ReportFormat.JSON)).get(0);
      clock.advance(Duration.ofMinutes(1));
      assertThat(g.run(s, "r", "db", List.of(ReportFormat.JSON)).get(0)).isSameAs(first);
      assertThat(g.cache().hits()).isEqualTo(1);
      s.append(List.of(TaskEvent.of(s.lastEventSeq() + 1, "t000000", 1, EventType.PROGRESS, TaskState.SUCCEEDED,
          clock.now())));
      s.flush();
      Report again = g.run(s, "r", "db", List.of(ReportFormat.JSON)).get(0);
      assertThat(again).isNotSameAs(first);
      assertThat(again.created()).isEqualTo(clock.now());
    }
  }
}
