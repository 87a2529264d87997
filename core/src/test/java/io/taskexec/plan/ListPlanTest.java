package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ListPlanTest {

  record Graph(double[] duration, int[][] parents) {}

  @Provide
  Arbitrary<Graph> graphs() {
    return Arbitraries.integers().between(1, 40).flatMap(n -> Combinators.combine(
        Arbitraries.integers().between(0, 20).array(int[].class).ofSize(n),
        Arbitraries.longs().array(long[].class).ofSize(n))
        .as((dur, masks) -> {
          double[] d = new double[n];
          int[][] parents = new int[n][];
          for (int j = 0; j < n; j++) {
            d[j] = dur[j];
            List<Integer> ps = new ArrayList<>();
            // a sparse DAG: each task may depend on a few of the 8 tasks before it
            for (int q = Math.max(0, j - 8); q < j; q++) {
              if ((masks[j] >>> (q - j + 8) & 3) == 0) ps.add(q);
            }
            parents[j] = ps.stream().mapToInt(Integer::intValue).toArray();
          }
          return new Graph(d, parents);
        }));
  }

  /** Every task once, after its parents, never more than m at once. */
  static void assertValid(Graph g, int m, double[] start) {
    int n = g.duration().length;
    for (int j = 0; j < n; j++) {
      assertThat(start[j]).as("task %d started", j).isNotNaN().isGreaterThanOrEqualTo(0);
      for (int q : g.parents()[j]) {
        assertThat(start[j]).as("task %d after parent %d", j, q)
            .isGreaterThanOrEqualTo(start[q] + g.duration()[q]);
      }
    }
    for (int j = 0; j < n; j++) {
      if (g.duration()[j] == 0) continue;
      int running = 0;
      for (int k = 0; k < n; k++) {
        if (start[k] <= start[j] && start[j] < start[k] + g.duration()[k]) running++;
      }
      assertThat(running).as("running at %s", start[j]).isLessThanOrEqualTo(m);
    }
  }

  @Property(tries = 300)
  void theListScheduleKeepsTheGraphsOrderAndTheProcessorCount(@ForAll("graphs") Graph g,
      @ForAll @IntRange(min = 1, max = 5) int m) {
    double[] start = ListPlan.schedule(g.duration(), g.parents(), m,
        ListPlan.upwardRank(g.duration(), g.parents()));
    assertValid(g, m, start);
    assertThat(ListPlan.makespan(g.duration(), start))
        .isGreaterThanOrEqualTo(MakespanBound.simple(g.duration(), g.parents(), m) - 1e-9);
  }

  @Property(tries = 200)
  void lookingAheadNeverLosesToTheCriticalPathAndGivesDistinctPriorities(
      @ForAll("graphs") Graph g, @ForAll @IntRange(min = 1, max = 5) int m) {
    double[] cp = ListPlan.schedule(g.duration(), g.parents(), m,
        ListPlan.upwardRank(g.duration(), g.parents()));
    int[] priority = ListPlan.improve(g.duration(), g.parents(), m, 5, 7);
    double[] asDouble = Arrays.stream(priority).asDoubleStream().toArray();
    double[] planned = ListPlan.schedule(g.duration(), g.parents(), m, asDouble);
    assertValid(g, m, planned);
    assertThat(ListPlan.makespan(g.duration(), planned))
        .isLessThanOrEqualTo(ListPlan.makespan(g.duration(), cp) + 1e-9)
        .isGreaterThanOrEqualTo(MakespanBound.tight(g.duration(), g.parents(), m) - 1e-6);
    assertThat(Arrays.stream(priority).distinct().count()).isEqualTo(priority.length);
    // repeatable: the same seed gives the same priorities
    assertThat(ListPlan.improve(g.duration(), g.parents(), m, 5, 7)).isEqualTo(priority);
  }

  @Test
  void lookingAheadBeatsTheCriticalPathWhereGreedyIsWrong() {
    // two processors; t5 waits for t1..t4 and t2 for t1. The critical path starts t0 (5) and t1
    // (rank 5 too) and then leaves a processor idle at the end: 9. Work / 2 = 7 is reachable by
    // running t0 beside the chain t1, t2 and the two others, then t5
    double[] d = {5, 1, 2, 2, 2, 2};
    int[][] parents = {{}, {}, {1}, {}, {}, {1, 2, 3, 4}};
    double cp = ListPlan.makespan(d, ListPlan.schedule(d, parents, 2, ListPlan.upwardRank(d, parents)));
    int[] p = ListPlan.improve(d, parents, 2, 10, 1);
    double planned = ListPlan.makespan(d, ListPlan.schedule(d, parents, 2,
        Arrays.stream(p).asDoubleStream().toArray()));
    assertThat(cp).isEqualTo(9.0);
    assertThat(planned).isEqualTo(7.0);
  }

  @Test
  void aCycleIsRefused() {
    assertThatThrownBy(() -> ListPlan.upwardRank(new double[] {1, 1}, new int[][] {{1}, {0}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
  }
}
