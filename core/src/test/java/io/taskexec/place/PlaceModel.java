package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Requirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** A brute-force model of the resource ledger in exact decimals, for property tests. */
final class PlaceModel {
  private final PlacementStrategy strategy;
  private final BigDecimal ratio;
  /** Registration order: a replaced agent keeps its place, a re-added one goes last. */
  private final Map<String, AgentSpec> agents = new LinkedHashMap<>();
  /** Agents shrunk below what they hold; exempt from the capacity check until emptied. */
  private final Set<String> shrunk = new HashSet<>();
  final List<Allocation> live = new ArrayList<>();

  PlaceModel(PlacementStrategy strategy, double ratio) {
    this.strategy = strategy;
    this.ratio = BigDecimal.valueOf(ratio);
  }

  void add(AgentSpec spec) {
    agents.put(spec.id(), spec);
    if (!withinCapacity(spec.id())) shrunk.add(spec.id());
  }

  List<Allocation> remove(String id) {
    agents.remove(id);
    shrunk.remove(id);
    List<Allocation> held = on(id);
    live.removeAll(held);
    return held;
  }

  /** Property 4 (placed or a reason) and 5 (unplaceable only when no agent has room). */
  void check(Requirements req, PlacementResult result) {
    List<String> withRoom = agents.keySet().stream().filter(id -> hasRoom(id, req)).toList();
    boolean everPlaceable = agents.values().stream().anyMatch(a -> fitsEmpty(a, req));
    switch (result) {
      case PlacementResult.Unplaceable u -> {
        assertThat(u.reasons()).isNotEmpty();
        assertThat(withRoom).as("agents with room for %s", req).isEmpty();
        assertThat(u.everPlaceable()).isEqualTo(everPlaceable);
      }
      case PlacementResult.Placed p -> {
        Allocation a = p.allocation();
        assertThat(withRoom).contains(a.agentId());
        assertThat(a.resources()).isEqualTo(req);
        assertThat(a.gpuIndices()).isEqualTo(freeGpus(a.agentId()).subList(0, req.gpuUnits()));
        assertThat(window(withRoom, req)).contains(a.agentId());
        live.add(a);
      }
      case PlacementResult.Error e -> throw new AssertionError("unexpected error " + e, e.cause());
    }
  }

  /** The agents the strategy may pick from: the first LOOK_AHEAD + 1 with room, in its order. */
  private List<String> window(List<String> withRoom, Requirements req) {
    if (strategy == PlacementStrategy.FIRST_FIT) return withRoom.subList(0, 1);
    List<String> byRegistration = new ArrayList<>(agents.keySet());
    Comparator<String> order = Comparator.comparing((String id) -> free(id, Amount.CPU));
    if (strategy == PlacementStrategy.SPREAD) order = order.reversed();
    order = order.thenComparing(byRegistration::indexOf);
    return withRoom.stream().sorted(order).limit(ResourceManager.LOOK_AHEAD + 1).toList();
  }

  /** Properties 1 (no agent over capacity) and 2 (no GPU granted twice), and exact free amounts. */
  void checkLedger(ResourceManager rm) {
    assertThat(new HashSet<>(rm.allocations())).isEqualTo(new HashSet<>(live));
    for (String id : agents.keySet()) {
      if (on(id).isEmpty()) shrunk.remove(id);
      if (!shrunk.contains(id) && !withinCapacity(id)) throw new AssertionError(id + " over capacity");
      List<Integer> held = on(id).stream().flatMap(a -> a.gpuIndices().stream()).toList();
      if (new HashSet<>(held).size() != held.size()) throw new AssertionError("GPU granted twice " + held);
      assertThat(rm.free(id)).contains(new AgentResources(id,
          free(id, Amount.CPU).doubleValue(),
          free(id, Amount.MEMORY).doubleValue(),
          free(id, Amount.STORAGE).doubleValue(),
          freeGpus(id)));
    }
  }

  void checkCapacity(ResourceManager rm, AgentSpec spec) {
    AgentResources cap = rm.capacity(spec.id()).orElseThrow();
    assertThat(cap.cpuCores()).isEqualTo(offered(spec, Amount.CPU).doubleValue());
    assertThat(cap.memoryGb()).isEqualTo(spec.memoryGb());
    assertThat(cap.storageGb()).isEqualTo(spec.storageGb());
    assertThat(cap.gpuIndices()).isEqualTo(spec.gpuIndices().stream().sorted().toList());
  }

  /** The divisible resources, read from an agent and from a demand. */
  private enum Amount {
    CPU(AgentSpec::cpuCores, Requirements::cpuCores),
    MEMORY(AgentSpec::memoryGb, Requirements::memoryGb),
    STORAGE(AgentSpec::storageGb, Requirements::storageGb);

    final ToDoubleFunction<AgentSpec> offered;
    final ToDoubleFunction<Requirements> demanded;

    Amount(ToDoubleFunction<AgentSpec> offered, ToDoubleFunction<Requirements> demanded) {
      this.offered = offered;
      this.demanded = demanded;
    }
  }

  private boolean withinCapacity(String id) {
    AgentSpec spec = agents.get(id);
    for (Amount r : Amount.values()) if (free(id, r).signum() < 0) return false;
    return on(id).stream().flatMap(a -> a.gpuIndices().stream())
        .allMatch(spec.gpuIndices()::contains);
  }

  private boolean hasRoom(String id, Requirements req) {
    for (Amount r : Amount.values()) {
      if (free(id, r).compareTo(dec(r.demanded.applyAsDouble(req))) < 0) return false;
    }
    return freeGpus(id).size() >= req.gpuUnits();
  }

  private boolean fitsEmpty(AgentSpec a, Requirements req) {
    for (Amount r : Amount.values()) {
      if (offered(a, r).compareTo(dec(r.demanded.applyAsDouble(req))) < 0) return false;
    }
    return a.gpuCount() >= req.gpuUnits();
  }

  private BigDecimal free(String id, Amount r) {
    BigDecimal free = offered(agents.get(id), r);
    for (Allocation a : on(id)) free = free.subtract(dec(r.demanded.applyAsDouble(a.resources())));
    return free;
  }

  /** Cpu with overcommit; memory and storage as they are. */
  private BigDecimal offered(AgentSpec spec, Amount r) {
    BigDecimal amount = dec(r.offered.applyAsDouble(spec));
    return r == Amount.CPU ? amount.multiply(ratio) : amount;
  }

  private List<Integer> freeGpus(String id) {
    Set<Integer> held = new HashSet<>();
    on(id).forEach(a -> held.addAll(a.gpuIndices()));
    return agents.get(id).gpuIndices().stream().filter(i -> !held.contains(i)).sorted().toList();
  }

  private List<Allocation> on(String id) {
    return live.stream().filter(a -> a.agentId().equals(id)).toList();
  }

  private static BigDecimal dec(double d) {
    return BigDecimal.valueOf(d);
  }
}
