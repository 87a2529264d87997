package io.taskexec.monitoring;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules at each check ({@code alert_management.check_interval}) and delivers
 * what fires to every target. A rule that fired stays quiet for {@code cooldown_period}, however
 * long its condition holds; its {@code taskexec_alert_firing} gauge still says whether it holds.
 *
 * <p>The rules, with {@code alert_threshold} t (0.8 by default):
 * <ul>
 *   <li>{@code resource_utilisation}: some resource of the agents is allocated at t or more of its capacity;
 *   <li>{@code failure_rate}: more than 1 − t of the attempts that ended in the interval failed;
 *   <li>{@code deadline_misses}: a task missed its deadline in the interval;
 *   <li>{@code deadline_risk}: a task was flagged in the interval because its deadline cannot be
 *       met by the estimates (at admission, or not started by its latest start): before the miss;
 *   <li>{@code queue_age}: a ready task has waited longer than {@code max_queue_age};
 *   <li>{@code lost_agents}: an agent was lost (or attempts with it) in the interval (critical).
 * </ul>
 * Used on one thread (the monitoring thread), except {@link #statuses()}, which any thread may read.
 */
final class AlertManager {
  private static final Logger log = LoggerFactory.getLogger(AlertManager.class);

  /** Told of each rule's condition at every check, and of each alert fired. */
  interface Observer {
    void checked(String rule, boolean holds);

    void fired(Alert alert);
  }

  private final MonitoringConfig config;
  private final Clock clock;
  private final List<AlertSink> sinks;
  private final Observer observer;
  private final Map<String, Instant> lastFired = new HashMap<>();
  private final Map<String, AlertStatus> status = new java.util.LinkedHashMap<>();
  private volatile List<AlertStatus> published = List.of();

  AlertManager(MonitoringConfig config, Clock clock, List<AlertSink> sinks, Observer observer) {
    this.config = config;
    this.clock = clock;
    this.sinks = List.copyOf(sinks);
    this.observer = observer;
  }

  /** Evaluates every enabled rule now; returns the alerts fired (after cooldown) and delivered. */
  List<Alert> check(AlertInputs in) {
    Instant now = clock.now();
    double t = config.alertThreshold();
    List<Alert> fired = new ArrayList<>();
    for (String rule : config.alerts().rules()) {
      Alert a = switch (rule) {
        case "resource_utilisation" -> in.utilisation() >= t
            ? new Alert(rule, in.utilisation() >= 1 ? "critical" : "warning", in.utilisation(), t,
                String.format(Locale.ROOT, "%s is %.0f%% allocated (threshold %.0f%%)", in.utilisationResource(),
                    in.utilisation() * 100, t * 100), now)
            : null;
        case "failure_rate" -> in.endedAttempts() > 0 && in.failureRate() > 1 - t + 1e-9
            ? new Alert(rule, "warning", in.failureRate(), Math.round((1 - t) * 1e9) / 1e9,
                String.format(Locale.ROOT, "%d of %d attempts failed in the last %s (%.0f%%, threshold %.0f%%)",
                    in.failedAttempts(), in.endedAttempts(), text(config.checkInterval()), in.failureRate() * 100,
                    (1 - t) * 100), now)
            : null;
        case "deadline_misses" -> in.deadlineMisses() > 0
            ? new Alert(rule, "warning", in.deadlineMisses(), 0,
                in.deadlineMisses() + " task(s) missed their deadline in the last " + text(config.checkInterval()), now)
            : null;
        case "deadline_risk" -> in.deadlineRisks() > 0
            ? new Alert(rule, "warning", in.deadlineRisks(), 0,
                in.deadlineRisks() + " task(s) will miss their deadline by the estimates unless something changes"
                    + " (flagged in the last " + text(config.checkInterval()) + "; taskexec explain says why they wait)", now)
            : null;
        case "queue_age" -> in.oldestReady().compareTo(config.alerts().maxQueueAge()) > 0
            ? new Alert(rule, "warning", in.oldestReady().toMillis() / 1000.0, config.alerts().maxQueueAge().toMillis() / 1000.0,
                "a ready task has waited " + text(in.oldestReady()) + " for a placement (threshold "
                    + text(config.alerts().maxQueueAge()) + ")", now)
            : null;
        case "lost_agents" -> in.lost() > 0
            ? new Alert(rule, "critical", in.lost(), 0,
                in.lost() + " agent(s) or attempts lost in the last " + text(config.checkInterval()), now)
            : null;
        default -> null;
      };
      observer.checked(rule, a != null);
      if (a == null) {
        AlertStatus was = status.get(rule);
        if (was != null && was.firing()) status.put(rule, new AlertStatus(rule, false, was.severity(), was.value(),
            was.threshold(), was.message(), null, was.lastFired(), was.lastHeld()));
        continue;
      }
      Instant last = lastFired.get(rule);
      boolean cooling = last != null && Duration.between(last, now).compareTo(config.cooldownPeriod()) < 0;
      AlertStatus was = status.get(rule);
      status.put(rule, new AlertStatus(rule, true, a.severity(), a.value(), a.threshold(), a.message(),
          was != null && was.firing() ? was.since() : now, cooling ? last : now, now));
      if (cooling) continue;
      lastFired.put(rule, now);
      fired.add(a);
      observer.fired(a);
      for (AlertSink s : sinks) {
        try {
          s.deliver(a);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          publish();
          return fired;
        } catch (Exception e) {
          log.warn("alert {} could not be delivered to {}: {}", rule, s.getClass().getSimpleName(), e.toString());
        }
      }
    }
    publish();
    return fired;
  }

  /**
   * Every rule whose condition has held at some check, as of the latest check: those holding now
   * first, then the others by the latest time they held. Safe from any thread.
   */
  List<AlertStatus> statuses() {
    return published;
  }

  private void publish() {
    List<AlertStatus> out = new ArrayList<>(status.values());
    out.sort(java.util.Comparator.comparing(AlertStatus::firing).reversed()
        .thenComparing(AlertStatus::lastHeld, java.util.Comparator.reverseOrder()));
    published = List.copyOf(out);
  }

  void close() {
    for (AlertSink s : sinks) s.close();
  }

  private static String text(Duration d) {
    return io.taskexec.execute.Durations.format(d);
  }
}
