package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MakespanBoundTest {

  /** A split, {@code width} tasks of {@code each}, then a join. */
  static double[] forkJoin(int width, double split, double each, double join, int[][] parents) {
    double[] d = new double[width + 2];
    d[0] = split;
    parents[0] = new int[0];
    int[] middle = new int[width];
    for (int i = 1; i <= width; i++) {
      d[i] = each;
      parents[i] = new int[] {0};
      middle[i - 1] = i;
    }
    d[width + 1] = join;
    parents[width + 1] = middle;
    return d;
  }

  @Test
  void fortyEqualTasksOnThirtyTwoProcessorsNeedTwoRounds() {
    int[][] parents = new int[42][];
    double[] d = forkJoin(40, 1, 10, 2, parents);
    // work / 32 = 403 / 32 = 12.6 and the critical path is 13; two rounds make 1 + 20 + 2
    assertThat(MakespanBound.simple(d, parents, 32)).isCloseTo(13, within(1e-9));
    assertThat(MakespanBound.energetic(d, parents, 32)).isCloseTo(23, within(1e-6));
  }

  @Test
  void aLongTaskEveryoneWaitsForLeavesTheOtherProcessorIdle() {
    // one task of 60, then ten of 20 on 2 processors: 60 + 200 / 2 = 160, not (60 + 200) / 2
    double[] d = new double[11];
    int[][] parents = new int[11][];
    d[0] = 60;
    parents[0] = new int[0];
    for (int i = 1; i <= 10; i++) {
      d[i] = 20;
      parents[i] = new int[] {0};
    }
    assertThat(MakespanBound.simple(d, parents, 2)).isCloseTo(130, within(1e-9));
    assertThat(MakespanBound.energetic(d, parents, 2)).isCloseTo(160, within(1e-6));
  }

  @Test
  void fiveLongTasksOnTwoProcessorsCannotBeSplitEvenly() {
    // the shape of Pegasus Epigenomics: a split, five long maps, a merge
    int[][] parents = new int[7][];
    double[] d = forkJoin(5, 100, 0, 1000, parents);
    double[] maps = {4063, 3623, 3196, 2830, 2425};
    System.arraycopy(maps, 0, d, 1, 5);
    // the best split of the maps is 3196 + 2830 + 2425 = 8451 against 4063 + 3623 = 7686
    assertThat(MakespanBound.simple(d, parents, 2)).isCloseTo((100 + 16137 + 1000) / 2.0, within(1e-9));
    assertThat(MakespanBound.energetic(d, parents, 2)).isCloseTo(100 + 16137 / 2.0 + 1000, within(1e-3));
    assertThat(MakespanBound.packing(d, parents, 2)).isCloseTo(100 + 8451 + 1000, within(1e-9));
    assertThat(MakespanBound.tight(d, parents, 2)).isCloseTo(100 + 8451 + 1000, within(1e-9));
  }

  @Test
  void independentTasksThatFitAtOnceAreBoundByTheLongest() {
    double[] d = {5, 3, 1};
    int[][] parents = {{}, {}, {}};
    assertThat(MakespanBound.energetic(d, parents, 3)).isEqualTo(5);
    assertThat(MakespanBound.energetic(new double[0], new int[0][], 4)).isZero();
  }

  @Test
  void aCycleOrABadProcessorCountIsRefused() {
    assertThatThrownBy(() -> MakespanBound.energetic(new double[] {1, 1}, new int[][] {{1}, {0}}, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    assertThatThrownBy(() -> MakespanBound.simple(new double[] {1}, new int[][] {{}}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processors");
  }

  /** A small random DAG: integer durations, parents only among earlier tasks. */
  record Graph(double[] duration, int[][] parents) {}

  @Provide
  Arbitrary<Graph> graphs() {
    return Arbitraries.integers().between(1, 7).flatMap(n -> Combinators.combine(
        Arbitraries.integers().between(1, 5).array(int[].class).ofSize(n),
        Arbitraries.integers().between(0, (1 << 6) - 1).array(int[].class).ofSize(n))
        .as((dur, masks) -> {
          double[] d = new double[n];
          int[][] parents = new int[n][];
          for (int j = 0; j < n; j++) {
            d[j] = dur[j];
            List<Integer> ps = new ArrayList<>();
            for (int q = 0; q < j; q++) if ((masks[j] >> q & 1) == 1) ps.add(q);
            parents[j] = ps.stream().mapToInt(Integer::intValue).toArray();
          }
          return new Graph(d, parents);
        }));
  }

  @Property(tries = 1000)
  void everyBoundLiesBetweenTheSimpleBoundAndTheOptimum(@ForAll("graphs") Graph g,
      @ForAll @IntRange(min = 1, max = 3) int processors) {
    double simple = MakespanBound.simple(g.duration(), g.parents(), processors);
    double energetic = MakespanBound.energetic(g.duration(), g.parents(), processors);
    double packing = MakespanBound.packing(g.duration(), g.parents(), processors);
    int optimum = optimum(g, processors);
    assertThat(energetic).isGreaterThanOrEqualTo(simple);
    assertThat(packing).isGreaterThanOrEqualTo(simple);
    assertThat(MakespanBound.tight(g.duration(), g.parents(), processors))
        .isEqualTo(Math.max(energetic, packing));
    assertThat(simple).isLessThanOrEqualTo(optimum + 1e-9);
    assertThat(energetic).isLessThanOrEqualTo(optimum + 1e-6);
    assertThat(packing).isLessThanOrEqualTo(optimum + 1e-9);
  }

  /**
   * The optimal makespan by brute force: every order of the tasks through the serial schedule
   * generation scheme (each task at the earliest time its parents are done and a processor is free
   * for its whole run, gaps included), whose schedules include an optimal one.
   */
  static int optimum(Graph g, int processors) {
    int n = g.duration().length;
    int horizon = 0;
    for (double x : g.duration()) horizon += (int) x;
    int[] best = {horizon};
    search(g, processors, new int[n], new boolean[n], new int[horizon + 1], 0, 0, best);
    return best[0];
  }

  private static void search(Graph g, int m, int[] end, boolean[] done, int[] busy, int placed,
      int makespan, int[] best) {
    int n = end.length;
    if (makespan >= best[0]) return;
    if (placed == n) {
      best[0] = makespan;
      return;
    }
    for (int j = 0; j < n; j++) {
      if (done[j]) continue;
      int ready = 0;
      boolean ok = true;
      for (int q : g.parents()[j]) {
        if (!done[q]) {
          ok = false;
          break;
        }
        ready = Math.max(ready, end[q]);
      }
      if (!ok) continue;
      int p = (int) g.duration()[j];
      int start = ready;
      while (!fits(busy, start, p, m)) start++;
      for (int t = start; t < start + p; t++) busy[t]++;
      done[j] = true;
      end[j] = start + p;
      search(g, m, end, done, busy, placed + 1, Math.max(makespan, start + p), best);
      done[j] = false;
      for (int t = start; t < start + p; t++) busy[t]--;
    }
  }

  private static boolean fits(int[] busy, int start, int p, int m) {
    for (int t = start; t < start + p; t++) if (busy[t] >= m) return false;
    return true;
  }
}
