package io.taskexec.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random DAGs with random sizes, priorities and arrival times, on a small cluster, with and
 * without preemption, in both orders. Invariants: every task that can fit finishes exactly once
 * (its last attempt); no task starts before all its parents ended (DAG order); at no instant do
 * the running tasks hold more than the cluster offers (no double placement of capacity, no leak:
 * an ended task's resources are free again, since later tasks fit); and every preemption stopped
 * a task of strictly lower priority than the one it made room for.
 */
class SimulatorProperties {
  record Spec(int cpu, int runtime, int priority, int submit, int parentMask) {}

  @Property(tries = 150)
  void dagOrderCapacityAndPreemptionRulesHold(@ForAll("workloads") List<Spec> specs,
      @ForAll boolean preempt, @ForAll Simulator.Order order) {
    List<SimTask> tasks = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      List<Integer> parents = new ArrayList<>();
      for (int p = Math.max(0, i - 5); p < i; p++) if ((s.parentMask() >> (i - p - 1) & 1) == 1) parents.add(p);
      tasks.add(new SimTask("t" + i, "k" + (i % 3), s.cpu(), 0, 0, s.runtime(), s.submit(),
          parents.stream().mapToInt(Integer::intValue).toArray(), null, s.priority(), Double.NaN, Double.NaN));
    }
    // a child may not arrive before its parents are known: arrivals follow the index order
    for (int i = 1; i < tasks.size(); i++) {
      if (tasks.get(i).submit() < tasks.get(i - 1).submit()) {
        tasks.set(i, tasks.get(i).withSubmit(tasks.get(i - 1).submit()));
      }
    }
    Workload w = new Workload("p", "test", tasks, Double.NaN, 0);
    Simulator.Options o = Simulator.Options.defaults().withPreempt(preempt)
        .withOrder(order);
    SimResult r = Simulator.run(w, AgentsSpec.parse("2x{cpu:4,mem:1}"), o);

    assertThat(r.finished()).isEqualTo(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      assertThat(r.end()[i] - r.start()[i]).isEqualTo(tasks.get(i).runtime());
      assertThat(r.start()[i]).isGreaterThanOrEqualTo(tasks.get(i).submit());
      for (int p : tasks.get(i).parents()) assertThat(r.start()[i]).isGreaterThanOrEqualTo(r.end()[p]);
    }
    // capacity: the last attempts' intervals never hold more than 8 cores at once (preempted
    // attempts ran earlier and ended at their preemption, which the sweep below does not see, so
    // check the final attempts against the whole cluster)
    TreeMap<Double, Integer> delta = new TreeMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      delta.merge(r.start()[i], (int) tasks.get(i).cpu(), Integer::sum);
      delta.merge(r.end()[i], -(int) tasks.get(i).cpu(), Integer::sum);
    }
    int load = 0;
    for (int d : delta.values()) {
      load += d;
      assertThat(load).isBetween(0, 8);
    }
    Map<String, Integer> priority = new HashMap<>();
    for (SimTask t : tasks) priority.put(t.id(), t.priority());
    if (!preempt) assertThat(r.preempted()).isEmpty();
    for (SimResult.Preempted p : r.preempted()) {
      assertThat(priority.get(p.taskId())).isLessThan(priority.get(p.forTask()));
    }
  }

  @Provide
  Arbitrary<List<Spec>> workloads() {
    return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 20),
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 30),
        Arbitraries.integers().between(0, 31)).as(Spec::new).list().ofMinSize(1).ofMaxSize(25);
  }
}
