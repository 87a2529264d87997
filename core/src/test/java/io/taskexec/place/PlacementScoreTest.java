package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskexec.task.Requirements;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The leftover fraction behind BEST_FIT (1 - leftover) and SPREAD (leftover). */
class PlacementScoreTest {
  @ParameterizedTest(name = "agent {0} holding {1}, placing {2}: leftover {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # agent cpu/mem/sto/gpu | already held    | demand          | leftover
      # (6/8 + 24/32 + 90/100 + no gpus 0) / 4 = (0.75 + 0.75 + 0.9 + 0) / 4
      8/32/100/0              | 0/0/0/0         | 2/8/10/0        | 0.6
      # (0.75 + 0.75 + 0.9 + 3/4) / 4 = 3.15 / 4
      8/32/100/4              | 0/0/0/0         | 2/8/10/1        | 0.7875
      # everything taken: (0 + 0 + 0 + 0) / 4
      4/16/50/0               | 0/0/0/0         | 4/16/50/0       | 0
      # GPUs untouched: (0 + 0 + 0 + 2/2) / 4
      4/16/50/2               | 0/0/0/0         | 4/16/50/0       | 0.25
      # (15/16 + 63/64 + 199/200 + 0) / 4 = (0.9375 + 0.984375 + 0.995) / 4 = 2.916875 / 4
      16/64/200/0             | 0/0/0/0         | 1/1/1/0         | 0.72921875
      # (2/8 + 8/32 + 90/100 + 0) / 4 = (0.25 + 0.25 + 0.9) / 4 = 1.4 / 4
      8/32/100/0              | 4/16/0/0        | 2/8/10/0        | 0.35
      # nothing asked, nothing held: (1 + 1 + 1 + 1) / 4
      8/32/100/1              | 0/0/0/0         | 0/0/0/0         | 1
      """)
  void leftover_is_the_mean_free_fraction_after_placing(
      String agent, String held, String demand, double leftover) {
    AgentLedger ledger = new AgentLedger(spec(agent), 0, 1.0);
    Requirements h = req(held);
    ledger.grant(new AgentLedger.Key("held", 1), h, Demand.of(h));
    Demand d = Demand.of(req(demand));

    assertThat(PlacementScore.leftover(ledger, d)).isCloseTo(leftover, within(1e-12));
    assertThat(PlacementScore.MOST_LEFTOVER.score(ledger, d)).isCloseTo(leftover, within(1e-12));
    assertThat(PlacementScore.LEAST_LEFTOVER.score(ledger, d))
        .isCloseTo(1 - leftover, within(1e-12));
  }

  private static AgentSpec spec(String s) {
    String[] p = s.split("/");
    return AgentSpec.of("a", Double.parseDouble(p[0]), Double.parseDouble(p[1]),
        Double.parseDouble(p[2]), Integer.parseInt(p[3]));
  }

  private static Requirements req(String s) {
    String[] p = s.split("/");
    return new Requirements(Double.parseDouble(p[0]), Double.parseDouble(p[1]),
        Double.parseDouble(p[2]), Integer.parseInt(p[3]));
  }
}
