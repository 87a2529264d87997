package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Requirements;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of addAgent / removeAgent / place / release, checked step by step against a
 * brute-force model in exact decimals ({@link PlaceModel}). Amounts are multiples of 0.1 or 0.25,
 * so the model's exact sums are what the manager must honour.
 */
class ResourceManagerPropertyTest {
  sealed interface Op {}

  record AddAgent(AgentSpec spec) implements Op {}

  record RemoveAgent(String id) implements Op {}

  record Place(Requirements req) implements Op {}

  record Release(int pick) implements Op {}

  record ReleaseStale(int pick) implements Op {}

  @Property(tries = 200)
  void the_ledger_matches_a_brute_force_model_at_every_step(
      @ForAll PlacementStrategy strategy,
      @ForAll("ratios") double ratio,
      @ForAll("operations") List<Op> ops) {
    run(strategy, ratio, ops);
  }

  /** More agents and churn: deeper index trees, and registration slots packed and regrown. */
  @Property(tries = 60)
  void the_ledger_matches_the_model_with_many_agents_coming_and_going(
      @ForAll PlacementStrategy strategy,
      @ForAll("ratios") double ratio,
      @ForAll("manyAgentOperations") List<Op> ops) {
    run(strategy, ratio, ops);
  }

  private static void run(PlacementStrategy strategy, double ratio, List<Op> ops) {
    var rm = new ResourceManager(strategy, ratio);
    var model = new PlaceModel(strategy, ratio);
    List<Allocation> everHanded = new ArrayList<>();
    int task = 0;
    for (Op op : ops) {
      switch (op) {
        case AddAgent a -> {
          rm.addAgent(a.spec());
          model.add(a.spec());
        }
        case RemoveAgent r ->
            assertThat(rm.removeAgent(r.id())).containsExactlyElementsOf(model.remove(r.id()));
        case Place p -> {
          PlacementResult result = rm.place("t" + task++, 1, p.req());
          model.check(p.req(), result); // properties 4 and 5
          if (result instanceof PlacementResult.Placed placed) everHanded.add(placed.allocation());
        }
        case Release r -> {
          if (model.live.isEmpty()) continue;
          Allocation a = model.live.get(Math.floorMod(r.pick(), model.live.size()));
          rm.release(a);
          model.live.remove(a);
        }
        case ReleaseStale r -> {
          if (everHanded.isEmpty()) continue;
          Allocation a = everHanded.get(Math.floorMod(r.pick(), everHanded.size()));
          rm.release(a); // a no-op unless it is still live
          model.live.remove(a);
        }
      }
      model.checkLedger(rm); // properties 1 and 2, and free amounts exact
    }
    for (Allocation a : List.copyOf(model.live)) rm.release(a);
    model.live.clear();
    // property 3: nothing leaked
    assertThat(rm.allocationCount()).isZero();
    assertThat(rm.allocations()).isEmpty();
    for (AgentSpec spec : rm.agents()) {
      assertThat(rm.free(spec.id())).isEqualTo(rm.capacity(spec.id()));
      model.checkCapacity(rm, spec);
    }
  }

  @Provide
  Arbitrary<Double> ratios() {
    return Arbitraries.of(1.0, 1.25, 1.5, 2.0);
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    return withAgentsFirst(6, operations(6, 3, 1).list().ofMinSize(10).ofMaxSize(80));
  }

  @Provide
  Arbitrary<List<Op>> manyAgentOperations() {
    return withAgentsFirst(40, operations(40, 5, 3).list().ofMinSize(100).ofMaxSize(250));
  }

  /** A few agents up front, so that most placements have somewhere to go. */
  private static Arbitrary<List<Op>> withAgentsFirst(int agentIds, Arbitrary<List<Op>> ops) {
    Arbitrary<String> ids = Arbitraries.integers().between(0, agentIds - 1).map(i -> "a" + i);
    return Combinators.combine(addAgent(ids).list().ofMinSize(1).ofMaxSize(4), ops)
        .as((agents, rest) -> {
          List<Op> all = new ArrayList<>(agents);
          all.addAll(rest);
          return all;
        });
  }

  private static Arbitrary<Op> operations(int agentIds, int adds, int removes) {
    Arbitrary<String> ids = Arbitraries.integers().between(0, agentIds - 1).map(i -> "a" + i);
    return Arbitraries.frequencyOf(
        Tuple.of(adds, addAgent(ids)),
        Tuple.of(removes, ids.map(RemoveAgent::new)),
        Tuple.of(7, place()),
        Tuple.of(4, Arbitraries.integers().between(0, 1000).map(Release::new)),
        Tuple.of(1, Arbitraries.integers().between(0, 1000).map(ReleaseStale::new)));
  }

  private static Arbitrary<Op> addAgent(Arbitrary<String> ids) {
    return Combinators.combine(
            ids,
            Arbitraries.integers().between(0, 24).map(k -> k / 2.0),
            Arbitraries.integers().between(0, 48).map(k -> k / 4.0),
            Arbitraries.integers().between(0, 60).map(k -> k / 10.0),
            Arbitraries.integers().between(0, 7).set().ofMaxSize(4))
        .as((id, cpu, mem, sto, gpus) -> (Op) new AddAgent(new AgentSpec(
            id, cpu, mem, sto, gpus.stream().sorted((x, y) -> y - x).toList(), null)));
  }

  private static Arbitrary<Op> place() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 50).map(k -> k / 10.0),
            Arbitraries.integers().between(0, 24).map(k -> k / 4.0),
            Arbitraries.integers().between(0, 20).map(k -> k / 10.0),
            Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(1, 2)))
        .as((cpu, mem, sto, gpus) -> (Op) new Place(new Requirements(cpu, mem, sto, gpus)));
  }
}
