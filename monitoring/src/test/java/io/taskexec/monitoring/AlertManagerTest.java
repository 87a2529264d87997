package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The rules and the cooldown, on a manual clock. */
class AlertManagerTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
  final List<Alert> delivered = new ArrayList<>();
  final Map<String, Boolean> holds = new ConcurrentHashMap<>();

  AlertManager manager(MonitoringConfig c) {
    return new AlertManager(c, clock, List.of(delivered::add), new AlertManager.Observer() {
      @Override
      public void checked(String rule, boolean h) {
        holds.put(rule, h);
      }

      @Override
      public void fired(Alert alert) {}
    });
  }

  static MonitoringConfig config(double threshold, Duration cooldown) {
    return new MonitoringConfig(Duration.ofSeconds(10), 100, 1000, threshold, Duration.ofMinutes(1), cooldown);
  }

  static AlertInputs quiet() {
    return new AlertInputs(0.1, "cpu_cores", 10, 0, 0, Duration.ZERO, 0);
  }

  @Test
  void nothing_fires_when_every_measure_is_under_its_threshold() {
    AlertManager m = manager(config(0.8, Duration.ofMinutes(5)));
    assertThat(m.check(quiet())).isEmpty();
    assertThat(m.check(new AlertInputs(0.79, "cpu_cores", 10, 2, 0, Duration.ofMinutes(9), 0))).isEmpty();
    assertThat(holds).containsOnlyKeys(MonitoringConfig.Alerts.RULES).doesNotContainValue(true);
  }

  @Test
  void each_rule_fires_at_its_threshold() {
    AlertManager m = manager(config(0.8, Duration.ofMinutes(5)));
    List<Alert> fired = m.check(new AlertInputs(0.8, "memory_gb", 10, 3, 1, Duration.ofMinutes(11), 1));
    assertThat(fired).extracting(Alert::rule)
        .containsExactly("resource_utilisation", "failure_rate", "deadline_misses", "queue_age", "lost_agents");
    assertThat(fired.get(0).message()).isEqualTo("memory_gb is 80% allocated (threshold 80%)");
    assertThat(fired.get(1).message()).isEqualTo("3 of 10 attempts failed in the last 1m00s (30%, threshold 20%)");
    assertThat(fired.get(3).message()).contains("has waited 11m").contains("threshold 10m");
    assertThat(fired.get(4).severity()).isEqualTo("critical");
    assertThat(delivered).hasSize(5);
  }

  @Test
  void a_rule_that_fired_stays_quiet_for_the_cooldown_while_its_condition_holds() {
    AlertManager m = manager(config(0.8, Duration.ofMinutes(5)));
    AlertInputs failing = new AlertInputs(0.1, "cpu_cores", 4, 4, 0, Duration.ZERO, 0);
    assertThat(m.check(failing)).extracting(Alert::rule).containsExactly("failure_rate");
    clock.advance(Duration.ofMinutes(1));
    assertThat(m.check(failing)).as("1 min later: in cooldown").isEmpty();
    assertThat(holds.get("failure_rate")).as("the condition still holds").isTrue();
    clock.advance(Duration.ofMinutes(3).plusSeconds(59));
    assertThat(m.check(failing)).as("4m59s after it fired").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(m.check(failing)).as("5 min after it fired").extracting(Alert::rule).containsExactly("failure_rate");
    assertThat(delivered).hasSize(2);
    assertThat(delivered.get(1).at()).isEqualTo(Instant.parse("2026-06-01T00:05:00Z"));
  }

  @Test
  void statuses_say_which_rules_hold_now_since_when_and_when_each_last_fired() {
    AlertManager m = manager(config(0.8, Duration.ofMinutes(5)));
    assertThat(m.statuses()).as("nothing checked yet").isEmpty();
    AlertInputs failing = new AlertInputs(0.1, "cpu_cores", 4, 4, 0, Duration.ZERO, 0);
    m.check(failing);
    Instant first = clock.now();
    clock.advance(Duration.ofMinutes(1));
    m.check(failing);
    assertThat(m.statuses()).singleElement().satisfies(s -> {
      assertThat(s.rule()).isEqualTo("failure_rate");
      assertThat(s.firing()).isTrue();
      assertThat(s.since()).as("held without a break since the first check").isEqualTo(first);
      assertThat(s.lastFired()).as("in cooldown: fired only at the first check").isEqualTo(first);
      assertThat(s.lastHeld()).isEqualTo(clock.now());
      assertThat(s.value()).isEqualTo(1.0);
      assertThat(s.threshold()).isEqualTo(0.2);
      assertThat(s.message()).startsWith("4 of 4 attempts failed");
    });
    clock.advance(Duration.ofMinutes(1));
    m.check(new AlertInputs(0.1, "cpu_cores", 0, 0, 1, Duration.ZERO, 0));
    assertThat(m.statuses()).extracting(AlertStatus::rule, AlertStatus::firing)
        .as("what holds now first, then what held before")
        .containsExactly(org.assertj.core.groups.Tuple.tuple("deadline_misses", true),
            org.assertj.core.groups.Tuple.tuple("failure_rate", false));
    assertThat(m.statuses().get(1).since()).isNull();
    assertThat(m.statuses().get(1).lastFired()).isEqualTo(first);
  }

  @Test
  void the_cooldown_is_per_rule() {
    AlertManager m = manager(config(0.8, Duration.ofMinutes(5)));
    m.check(new AlertInputs(0.1, "cpu_cores", 0, 0, 1, Duration.ZERO, 0));
    clock.advance(Duration.ofMinutes(1));
    assertThat(m.check(new AlertInputs(0.1, "cpu_cores", 0, 0, 1, Duration.ZERO, 1)))
        .extracting(Alert::rule).containsExactly("lost_agents");
  }

  @Test
  void only_the_configured_rules_are_evaluated_and_the_threshold_comes_from_configuration() {
    MonitoringConfig c = config(0.5, Duration.ZERO).withAlerts(new MonitoringConfig.Alerts(
        List.of("failure_rate"), List.of("log"), null, null, Duration.ofMinutes(10)));
    AlertManager m = manager(c);
    AlertInputs in = new AlertInputs(1.0, "cpu_cores", 10, 4, 3, Duration.ofHours(1), 2);
    assertThat(m.check(in)).as("4 of 10 is under 1 - 0.5").isEmpty();
    assertThat(m.check(new AlertInputs(1.0, "cpu_cores", 10, 6, 3, Duration.ofHours(1), 2)))
        .extracting(Alert::rule).containsExactly("failure_rate");
    assertThat(holds).containsOnlyKeys("failure_rate");
  }

  @Test
  void a_failing_target_does_not_stop_the_others() {
    List<Alert> second = new ArrayList<>();
    AlertManager m = new AlertManager(config(0.8, Duration.ofMinutes(5)), clock,
        List.of(a -> { throw new java.io.IOException("down"); }, second::add), new AlertManager.Observer() {
          @Override
          public void checked(String rule, boolean h) {}

          @Override
          public void fired(Alert alert) {}
        });
    m.check(new AlertInputs(0.1, "cpu_cores", 0, 0, 1, Duration.ZERO, 0));
    assertThat(second).extracting(Alert::rule).containsExactly("deadline_misses");
  }
}
