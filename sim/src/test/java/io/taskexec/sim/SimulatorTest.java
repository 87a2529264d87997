package io.taskexec.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskexec.plan.DurationHistory;
import io.taskexec.sim.Simulator.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final int[] NONE = new int[0];

  private static SimTask task(String id, double cpu, double runtime, int... parents) {
    return SimTask.of(id, "t", cpu, 0, runtime, parents, null);
  }

  private static Workload workload(SimTask... tasks) {
    return new Workload("test", "test", List.of(tasks), Double.NaN, 0);
  }

  @Test
  void aChainRunsInOrderOnTheVirtualClock() {
    Workload w = workload(task("a", 1, 10), task("b", 1, 5, 0), task("c", 1, 7, 1));
    SimResult r = Simulator.run(w, AgentsSpec.parse("4x{cpu:1,mem:1}"), Options.defaults());
    assertThat(r.makespan()).isEqualTo(22.0);
    assertThat(r.start()).containsExactly(0.0, 10.0, 15.0);
    assertThat(r.end()).containsExactly(10.0, 15.0, 22.0);
    assertThat(r.finished()).isEqualTo(3);
    assertThat(r.meanWait()).isZero();
  }

  @Test
  void independentTasksShareTheProcessorsAndWait() {
    // four 10 s tasks on two 1-core agents: two waves
    Workload w = workload(task("a", 1, 10), task("b", 1, 10), task("c", 1, 10), task("d", 1, 10));
    SimResult r = Simulator.run(w, AgentsSpec.parse("2x{cpu:1,mem:1}"), Options.defaults());
    assertThat(r.makespan()).isEqualTo(20.0);
    assertThat(r.meanWait()).isEqualTo(5.0);
    assertThat(r.p99Wait()).isEqualTo(10.0);
    assertThat(r.utilisation().get("cpu")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void theCriticalPathGoesFirstWhereFifoDoesNot() {
    // on one core: x (1 s) was submitted first, but a (1 s) leads to a 10 s chain
    Workload w = workload(task("x", 1, 1), task("y", 1, 1), task("a", 1, 1), task("b", 1, 10, 2));
    var agents = AgentsSpec.parse("2x{cpu:1,mem:1}");
    SimResult cp = Simulator.run(w, agents, Options.defaults());
    SimResult fifo = Simulator.run(w, agents, Options.defaults().withOrder(Simulator.Order.FIFO));
    assertThat(cp.makespan()).isEqualTo(11.0);
    assertThat(fifo.makespan()).isEqualTo(12.0);
  }

  @Test
  void lookAheadPrioritiesLeaveNoProcessorIdleWhereTheCriticalPathDoes() {
    // two cores; t5 waits for t1..t4 and t2 for t1: the critical path starts t0 (5 s) first and
    // ends with t5 alone (9 s); the plan runs t0 beside the rest and ends at work / 2 = 7 s
    Workload w = workload(task("t0", 1, 5), task("t1", 1, 1), task("t2", 1, 2, 1), task("t3", 1, 2),
        task("t4", 1, 2), task("t5", 1, 2, 1, 2, 3, 4));
    var agents = AgentsSpec.parse("2x{cpu:1,mem:1}");
    SimResult cp = Simulator.run(w, agents, Options.defaults());
    SimResult planned = Simulator.run(w, agents, Options.defaults().withOrder(Simulator.Order.PLANNED));
    assertThat(cp.makespan()).isEqualTo(9.0);
    assertThat(planned.makespan()).isEqualTo(7.0);
    assertThat(planned.start()[5]).isGreaterThanOrEqualTo(planned.end()[4]);
  }

  @Test
  void orderingByDeadlineMeetsDeadlinesThatFifoMisses() {
    // one core; "late" was submitted first but "urgent" is due at 3 s
    Workload w = workload(task("late", 1, 5).withDeadline(100), task("urgent", 1, 2).withDeadline(3));
    var agents = AgentsSpec.parse("1x{cpu:1,mem:1}");
    Options noEstimates = Options.defaults().withEstimates(Simulator.Estimates.NONE, null);
    SimResult planner = Simulator.run(w, agents, noEstimates);
    SimResult fifo = Simulator.run(w, agents, noEstimates.withOrder(Simulator.Order.FIFO));
    assertThat(planner.deadlines()).isEqualTo(2);
    assertThat(planner.deadlineMisses()).isZero();
    assertThat(fifo.deadlineMisses()).isEqualTo(1);
  }

  @Test
  void aDeadlineTheEstimatesCannotMeetIsFlaggedWhenTheTaskArrives() {
    // "second" (30 s) waits for "first" (50 s) and is due at 60 s: it cannot end before 80 s
    Workload w = workload(task("first", 1, 50), task("second", 1, 30, 0).withDeadline(60),
        task("easy", 1, 5).withDeadline(100));
    SimResult r = Simulator.run(w, AgentsSpec.parse("2x{cpu:1,mem:1}"), Options.defaults());
    assertThat(r.flaggedAtAdmission()).containsExactly("second");
    assertThat(r.deadlineMisses()).isEqualTo(1);
    assertThat(r.end()[1]).isEqualTo(80.0);
  }

  @Test
  void aTaskNoAgentCanHoldIsReportedNotLost() {
    Workload w = workload(task("small", 1, 1), task("huge", 64, 1), task("after", 1, 1, 1));
    SimResult r = Simulator.run(w, AgentsSpec.parse("2x{cpu:8,mem:1}"), Options.defaults());
    assertThat(r.finished()).isEqualTo(1);
    assertThat(r.neverPlaced()).isEqualTo(2);
    assertThat(r.makespan()).isEqualTo(1.0);
  }

  @Test
  void preemptionStopsLowerPriorityWorkAndRequeuesIt() {
    List<SimTask> tasks = new ArrayList<>();
    tasks.add(task("low-1", 1, 100).withPriority(1));
    tasks.add(task("low-2", 1, 100).withPriority(1));
    tasks.add(task("high", 1, 10).withPriority(5).withSubmit(20));
    Workload w = new Workload("p", "test", tasks, Double.NaN, 0);
    var agents = AgentsSpec.parse("2x{cpu:1,mem:1}");
    SimResult without = Simulator.run(w, agents, Options.defaults());
    SimResult with = Simulator.run(w, agents, Options.defaults().withPreempt(true));
    assertThat(without.end()[2]).isEqualTo(110.0);
    assertThat(without.preempted()).isEmpty();
    assertThat(with.end()[2]).isEqualTo(30.0);
    assertThat(with.preempted()).hasSize(1);
    SimResult.Preempted p = with.preempted().get(0);
    assertThat(p.forTask()).isEqualTo("high");
    assertThat(p.at()).isEqualTo(20.0);
    assertThat(p.attempt()).isZero();
    // the victim ran again from the start, after "high" ended
    int victim = p.taskId().equals("low-1") ? 0 : 1;
    assertThat(with.start()[victim]).isEqualTo(30.0);
    assertThat(with.end()[victim]).isEqualTo(130.0);
    assertThat(with.finished()).isEqualTo(3);
  }

  @Test
  void preemptionNeverStopsEqualPriority() {
    List<SimTask> tasks = List.of(task("a", 1, 100).withPriority(5),
        task("b", 1, 10).withPriority(5).withSubmit(1));
    SimResult r = Simulator.run(new Workload("p", "test", tasks, Double.NaN, 0),
        AgentsSpec.parse("1x{cpu:1,mem:1}"), Options.defaults().withPreempt(true));
    assertThat(r.preempted()).isEmpty();
    assertThat(r.start()[1]).isEqualTo(100.0);
  }

  @Test
  void easyBackfillStartsShortJobsWithoutDelayingTheHead() {
    // 4 processors; "wide" needs all 4 and waits for "long" (ends at 100); "short" (2 cores,
    // 50 s) fits in the hole before then; "late" (2 cores, 200 s) would delay "wide"
    List<SimTask> tasks = List.of(
        new SimTask("long", "j", 2, 0, 0, 100, 0, NONE, null, 0, Double.NaN, Double.NaN),
        new SimTask("wide", "j", 4, 0, 0, 10, 1, NONE, null, 0, Double.NaN, Double.NaN),
        new SimTask("late", "j", 2, 0, 0, 200, 2, NONE, null, 0, Double.NaN, Double.NaN),
        new SimTask("short", "j", 2, 0, 0, 50, 3, NONE, null, 0, Double.NaN, Double.NaN));
    Workload w = new Workload("easy", "swf", tasks, Double.NaN, 4);
    var agents = AgentsSpec.parse("1x{cpu:4,mem:1}");
    Options fcfs = Options.defaults().withEstimates(Simulator.Estimates.NONE, null).withWindow(0);
    SimResult strict = Simulator.run(w, agents, fcfs);
    SimResult easy = Simulator.run(w, agents, fcfs.withWindow(100).withEasyBackfill(true));
    assertThat(strict.start()).containsExactly(0.0, 100.0, 110.0, 110.0);
    assertThat(easy.start()[0]).isEqualTo(0.0);
    assertThat(easy.start()[3]).isEqualTo(3.0); // backfilled
    assertThat(easy.start()[1]).isEqualTo(100.0); // the head is not delayed
    assertThat(easy.start()[2]).isEqualTo(110.0); // would have delayed it
    assertThat(easy.meanWait()).isLessThan(strict.meanWait());
  }

  @Test
  void historyGivesTheCriticalPathItsDurations() {
    // types: "quick" tasks take 1 s, "slow" 20 s; without estimates all rank the same
    List<SimTask> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) tasks.add(SimTask.of("q" + i, "quick", 1, 0, 1, NONE, null));
    tasks.add(SimTask.of("s", "slow", 1, 0, 20, NONE, null));
    Workload w = new Workload("h", "test", tasks, Double.NaN, 0);
    var agents = AgentsSpec.parse("1x{cpu:1,mem:1}");
    DurationHistory history = new DurationHistory();
    history.record("quick", Duration.ofSeconds(1));
    history.record("slow", Duration.ofSeconds(20));
    // deadline on nothing; compare when "s" starts: longest first with history
    SimResult learned = Simulator.run(w, agents,
        Options.defaults().withEstimates(Simulator.Estimates.HISTORY, history));
    SimResult blind = Simulator.run(w, agents,
        Options.defaults().withEstimates(Simulator.Estimates.NONE, null));
    assertThat(learned.start()[3]).isZero();
    assertThat(blind.start()[3]).isEqualTo(3.0);
  }

  @Test
  void aRunTeachesTheHistory() {
    Workload w = workload(SimTask.of("a", "kind", 1, 0, 4, NONE, null),
        SimTask.of("b", "kind", 1, 0, 6, NONE, null));
    DurationHistory history = new DurationHistory();
    Simulator.run(w, AgentsSpec.parse("1x{cpu:2,mem:1}"),
        Options.defaults().withEstimates(Simulator.Estimates.NONE, history));
    assertThat(history.estimate("kind")).contains(Duration.ofSeconds(5));
    assertThat(history.samples("kind")).isEqualTo(2);
  }

  @Test
  void gpuAndMemoryUtilisationAreReported() {
    Workload w = workload(new SimTask("g", "t", 1, 8, 2, 10, 0, NONE, null, 0, Double.NaN, Double.NaN));
    SimResult r = Simulator.run(w, AgentsSpec.parse("1x{cpu:4,mem:16,gpu:4}"), Options.defaults());
    assertThat(r.utilisation()).containsEntry("cpu", 0.25).containsEntry("memory", 0.5)
        .containsEntry("gpu", 0.5);
    assertThat(r.placementsPerCpuSecond()).isPositive();
  }
}
