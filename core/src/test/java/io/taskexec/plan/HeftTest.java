package io.taskexec.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample DAG of Topcuoglu, Hariri and Wu (IEEE TPDS 2002), Fig. 2, with the paper's numbers. */
class HeftTest {
  static final double[][] COST = {
    {14, 16, 9}, {13, 19, 18}, {11, 13, 19}, {13, 8, 17}, {12, 13, 10},
    {13, 16, 9}, {7, 15, 11}, {5, 11, 14}, {18, 12, 20}, {21, 7, 16},
  };
  static final int[][] EDGES = { // from, to, cost (1-based as in the paper)
    {1, 2, 18}, {1, 3, 12}, {1, 4, 9}, {1, 5, 11}, {1, 6, 14}, {2, 8, 19}, {2, 9, 16}, {3, 7, 23},
    {4, 8, 27}, {4, 9, 23}, {5, 9, 13}, {6, 8, 15}, {7, 10, 17}, {8, 10, 11}, {9, 10, 13},
  };

  static List<Heft.Edge> edges() {
    List<Heft.Edge> e = new ArrayList<>();
    for (int[] x : EDGES) e.add(new Heft.Edge(x[0] - 1, x[1] - 1, x[2]));
    return e;
  }

  @Test
  void thePapersExampleTakes80WithItsPriorityList() {
    Heft.Schedule s = Heft.schedule(COST, edges());
    assertThat(s.makespan()).isEqualTo(80.0);
    // the paper's list: n1, n3, n4, n2, n5, n6, n9, n7, n8, n10 (n3 and n4 tie at rank 80)
    assertThat(s.order()).containsExactly(0, 2, 3, 1, 4, 5, 8, 6, 7, 9);
    assertThat(s.processor()[0]).isEqualTo(2); // n1 on P3, as in the paper's Fig. 4(a)
    assertThat(s.processor()[9]).isEqualTo(1); // n10 on P2
  }

  @Test
  void upwardRanksMatchThePaper() {
    List<List<Heft.Edge>> succ = new ArrayList<>();
    for (int i = 0; i < 10; i++) succ.add(new ArrayList<>());
    for (Heft.Edge e : edges()) succ.get(e.from()).add(e);
    double[] rank = Heft.upwardRanks(COST, succ, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThat(rank[0]).isCloseTo(108.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(rank[1]).isCloseTo(77.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(rank[9]).isCloseTo(14.67, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void insertionUsesAnIdleGap() {
    // a (10 on P1, 100 on P2) then c (waits for a); b independent and short: fills P1 or P2 early
    double[][] cost = {{10, 100}, {1, 1}, {10, 100}};
    Heft.Schedule s = Heft.schedule(cost, List.of(new Heft.Edge(0, 2, 50)));
    assertThat(s.processor()[0]).isZero();
    assertThat(s.processor()[2]).isZero(); // same processor: no communication cost
    assertThat(s.makespan()).isEqualTo(20.0);
  }

  @Test
  void aCycleIsRefused() {
    double[][] cost = {{1}, {1}};
    assertThatThrownBy(() -> Heft.schedule(cost, List.of(new Heft.Edge(0, 1, 0), new Heft.Edge(1, 0, 0))))
        .hasMessageContaining("cycle");
  }
}
