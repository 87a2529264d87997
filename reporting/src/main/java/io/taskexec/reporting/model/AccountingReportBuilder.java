package io.taskexec.reporting.model;

import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes an {@link AccountingReport} over {@code [from, to)} one task at a time; memory is one
 * {@link Account} per task type and per agent.
 */
public final class AccountingReportBuilder {
  private final Instant from, to, now;
  private final Account total = new Account("all tasks");
  private final Map<String, Account> byType = new TreeMap<>();
  private final Map<String, Account> byAgent = new TreeMap<>();

  /**
   * @param from null for the beginning of the store
   * @param to null for {@code now}
   */
  public AccountingReportBuilder(Instant from, Instant to, Instant now) {
    this.from = from == null ? Instant.EPOCH : from;
    this.to = to == null ? now : to;
    this.now = now;
  }

  public static AccountingReport of(StateStore store, Instant from, Instant to, String source, Instant now) {
    AccountingReportBuilder b = new AccountingReportBuilder(from, to, now);
    StoreScan.forEachTask(store, b::add);
    return b.build(source, from);
  }

  public void add(TaskFacts f) {
    Task t = f.stored().task();
    double inPeriod = 0;
    String agent = null;
    for (AttemptRow a : f.attempts()) {
      if (a.startedAt() == null) continue;
      Instant s = a.startedAt(), e = a.endedAt() != null ? a.endedAt() : now;
      Instant lo = s.isAfter(from) ? s : from, hi = e.isBefore(to) ? e : to;
      if (hi.isAfter(lo)) inPeriod += (hi.toEpochMilli() - lo.toEpochMilli()) / 1000.0;
      if (!e.isBefore(from) && s.isBefore(to)) agent = a.agentId();
    }
    if (agent == null) return; // nothing ran in the period
    double run = Usage.runSeconds(f.attempts(), now);
    Usage u = Usage.of(f.metrics(), run, t.requirements().gpuUnits());
    double share = run <= 0 ? 0 : inPeriod / run;
    boolean ok = f.status().state() == TaskState.SUCCEEDED;
    Boolean missed = missed(f, t);
    for (Account acc : List.of(total, byType.computeIfAbsent(t.type(), Account::new), byAgent.computeIfAbsent(agent, Account::new))) {
      acc.tasks++;
      if (ok) acc.succeeded++;
      acc.reqCores += t.requirements().cpuCores();
      acc.reqMem += t.requirements().memoryGb();
      acc.cpuSec += t.requirements().cpuCores() * inPeriod;
      acc.gpuSec += t.requirements().gpuUnits() * inPeriod;
      acc.memGbSec += t.requirements().memoryGb() * inPeriod;
      if (f.status().state().isTerminal() && run > 0) acc.durations.recordValue(run);
      if (missed != null) {
        acc.withDeadline++;
        if (missed) acc.missed++;
      }
      if (u.measured()) {
        acc.measured++;
        if (u.cpuSeconds() != null) {
          acc.usedCpuSec += u.cpuSeconds() * share;
          acc.measuredReqCpuSec += t.requirements().cpuCores() * inPeriod;
          if (run > 0) acc.usedCores.recordValue(u.cpuSeconds() / run);
        }
        if (u.peakMemoryGb() != null) {
          acc.peakMemSum += u.peakMemoryGb();
          acc.measuredReqMem += t.requirements().memoryGb();
          acc.peakMem.recordValue(u.peakMemoryGb());
        }
      }
    }
  }

  /** Whether the task missed its deadline; null when it has none. */
  private Boolean missed(TaskFacts f, Task t) {
    if (t.deadline() == null) return null;
    Instant due = t.deadline().resolve(f.stored().submittedAt());
    if (f.status().state() == TaskState.DEADLINE_MISSED) return true;
    Instant end = f.status().state().isTerminal() ? f.status().updatedAt() : now;
    return end.isAfter(due);
  }

  public AccountingReport build(String source, Instant givenFrom) {
    List<AccountingReport.Row> types = new ArrayList<>(), agents = new ArrayList<>();
    byType.values().forEach(a -> types.add(a.row()));
    byAgent.values().forEach(a -> agents.add(a.row()));
    String note = total.measured == 0
        ? "no task has resource measurements: used figures, efficiencies and recommendations are not measured"
        : total.measured + " of " + total.tasks + " tasks have resource measurements; used figures and efficiencies are over those";
    return new AccountingReport(new RunReport.Meta(AccountingReport.SCHEMA, "accounting", "Accounting", now.toString(), source),
        givenFrom == null ? null : from.toString(), to.toString(), total.row(), types, agents, note);
  }
}
