package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.AgeingConfig;
import io.taskexec.config.EngineConfig;
import io.taskexec.config.EngineConfig.DeadlinePolicy;
import io.taskexec.config.ErrorHandlingConfig;
import io.taskexec.config.LocalAgentConfig;
import io.taskexec.config.ResourceManagerConfig;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.WorkerPoolConfig;
import io.taskexec.error.FailureKind;
import io.taskexec.error.RecoveryStrategy;
import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.place.PlacementStrategy;
import io.taskexec.task.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code task_execution.engine}; every missing key takes the records' default. */
final class EngineSection {
  private static final Map<String, PlacementStrategy> STRATEGIES = Fields.choices(PlacementStrategy.values());
  private static final Map<String, DeadlinePolicy> DEADLINE_POLICIES = Fields.choices(DeadlinePolicy.values());
  private static final Map<String, RecoveryStrategy.Action> ACTIONS = Fields.choices(RecoveryStrategy.Action.values());
  private static final Map<String, FailureKind> FAILURE_KINDS = Fields.choices(FailureKind.values());
  private static final Map<String, String> PERSISTENCE = Fields.names("sqlite", "postgresql", "memory");
  private static final List<String> STRATEGY_KEYS = List.of("strategy", "max_attempts", "backoff", "multiplier",
      "max_backoff", "jitter", "recoverable");

  private final Fields f;
  private final ConfigSections s;

  EngineSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  EngineConfig read(Node n, String path) {
    MapNode m = s.section(n, path, List.of("worker_pool", "resource_manager", "state_manager", "error_handling",
        "deadline_policy", "ageing"));
    if (m == null) return EngineConfig.DEFAULT;
    DeadlinePolicy policy = f.choice(m.get("deadline_policy"), child(path, "deadline_policy"), DEADLINE_POLICIES);
    return new EngineConfig(
        workerPool(m.get("worker_pool"), child(path, "worker_pool")),
        resourceManager(m.get("resource_manager"), child(path, "resource_manager")),
        stateManager(m.get("state_manager"), child(path, "state_manager")),
        errorHandling(m.get("error_handling"), child(path, "error_handling")),
        policy == null ? EngineConfig.DEFAULT.deadlinePolicy() : policy,
        ageing(m.get("ageing"), child(path, "ageing")));
  }

  private AgeingConfig ageing(Node n, String path) {
    AgeingConfig d = AgeingConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("interval", "max_levels"));
    if (m == null) return d;
    Duration interval = s.duration(m, path, "interval", "5m", true, d.interval());
    int levels = s.atLeast(m, path, "max_levels", 0, d.maxLevels());
    return s.build(path, () -> new AgeingConfig(interval, levels), d);
  }

  private WorkerPoolConfig workerPool(Node n, String path) {
    WorkerPoolConfig d = WorkerPoolConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("min_workers", "max_workers", "scaling_factor", "idle_timeout"));
    if (m == null) return d;
    int min = s.atLeast(m, path, "min_workers", 1, d.minWorkers());
    int max = s.atLeast(m, path, "max_workers", 1, d.maxWorkers());
    if (max < min) {
      String key = m.get("max_workers") != null ? "max_workers" : "min_workers";
      f.problems().add(m.get(key), child(path, key),
          "max_workers (" + max + ") must be >= min_workers (" + min + ")",
          m.get("max_workers") == null ? "the default max_workers is " + d.maxWorkers() + "; set max_workers too"
              : "raise max_workers or lower min_workers");
      max = min;
    }
    Double factor = f.number(m.get("scaling_factor"), child(path, "scaling_factor"), "1.5");
    if (factor != null && !(factor > 1)) {
      f.problems().add(m.get("scaling_factor"), child(path, "scaling_factor"), "scaling_factor must be > 1, got " + factor,
          "write e.g. scaling_factor: 1.5 (the pool grows by half while work waits)");
      factor = null;
    }
    Duration idle = s.duration(m, path, "idle_timeout", "30s", false, d.idleTimeout());
    int lo = min;
    int hi = max;
    double scaling = factor == null ? d.scalingFactor() : factor;
    return s.build(path, () -> new WorkerPoolConfig(lo, hi, scaling, idle), d);
  }

  private ResourceManagerConfig resourceManager(Node n, String path) {
    ResourceManagerConfig d = ResourceManagerConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("allocation_strategy", "overcommit_ratio", "rebalance_interval",
        "local_agent", "resources", "preemption"));
    if (m == null) return d;
    PlacementStrategy strategy = f.choice(m.get("allocation_strategy"), child(path, "allocation_strategy"), STRATEGIES);
    Double ratio = f.number(m.get("overcommit_ratio"), child(path, "overcommit_ratio"), "1.2");
    if (ratio != null && ratio < 1) {
      f.problems().add(m.get("overcommit_ratio"), child(path, "overcommit_ratio"),
          "overcommit_ratio must be >= 1.0, got " + ratio, "write 1.0 for no overcommit, or e.g. 1.2");
      ratio = null;
    }
    Duration rebalance = s.duration(m, path, "rebalance_interval", "5m", true, d.rebalanceInterval());
    Map<String, Integer> resources = s.resources(m.get("resources"), child(path, "resources"));
    Boolean preempt = f.bool(m.get("preemption"), child(path, "preemption"), "true");
    double r = ratio == null ? d.overcommitRatio() : ratio;
    boolean preemption = preempt == null ? d.preemption() : preempt;
    return s.build(path, () -> new ResourceManagerConfig(strategy == null ? d.allocationStrategy() : strategy, r,
        rebalance, localAgent(m.get("local_agent"), child(path, "local_agent")), resources, preemption), d);
  }

  private LocalAgentConfig localAgent(Node n, String path) {
    MapNode m = s.section(n, path, List.of("cpu_cores", "memory_gb", "storage_gb", "gpus"));
    if (m == null) return LocalAgentConfig.DETECT;
    List<Integer> gpus = null;
    Node.ListNode l = f.list(m.get("gpus"), child(path, "gpus"), "[0, 1]");
    if (l != null) {
      gpus = new ArrayList<>();
      for (int i = 0; i < l.items().size(); i++) {
        Integer g = f.integer(l.items().get(i), child(path, "gpus") + "[" + i + "]", "0");
        if (g == null) continue;
        if (g < 0 || gpus.contains(g)) {
          f.problems().add(l.items().get(i), child(path, "gpus") + "[" + i + "]",
              g < 0 ? "a GPU index must be >= 0, got " + g : "GPU " + g + " is listed twice",
              "list each device index once, e.g. gpus: [0, 1]");
          continue;
        }
        gpus.add(g);
      }
    }
    return new LocalAgentConfig(s.positive(m, path, "cpu_cores", "8"), s.positive(m, path, "memory_gb", "32"),
        s.positive(m, path, "storage_gb", "100"), gpus);
  }

  private StateManagerConfig stateManager(Node n, String path) {
    StateManagerConfig d = StateManagerConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("persistence", "sync_interval", "data_dir", "url"));
    if (m == null) return d;
    String persistence = f.choice(m.get("persistence"), child(path, "persistence"), PERSISTENCE);
    Duration sync = s.duration(m, path, "sync_interval", "1s", true, d.syncInterval());
    String dir = f.string(m.get("data_dir"), child(path, "data_dir"), "/var/lib/taskexec");
    String url = f.string(m.get("url"), child(path, "url"), "jdbc:postgresql://db:5432/taskexec");
    if ("postgresql".equals(persistence) && url == null && m.get("url") == null) {
      f.problems().add(m.get("persistence"), child(path, "persistence"), "persistence postgresql needs a url",
          "add url: jdbc:postgresql://host:5432/taskexec under state_manager");
    }
    return new StateManagerConfig(persistence == null ? d.persistence() : persistence, sync,
        dir == null ? d.dataDirectory() : dir, url == null ? d.url() : url);
  }

  private ErrorHandlingConfig errorHandling(Node n, String path) {
    MapNode m = s.section(n, path, List.of("default", "per_type"));
    if (m == null) return ErrorHandlingConfig.DEFAULT;
    RecoveryStrategy byDefault = RecoveryStrategy.DEFAULT;
    RetryPolicy base = RetryPolicy.DEFAULT;
    if (m.get("default") != null) {
      byDefault = strategy(m.get("default"), child(path, "default"), RecoveryStrategy.DEFAULT.action(), RetryPolicy.DEFAULT,
          RecoveryStrategy.DEFAULT.recoverable());
      base = byDefault.retry();
    }
    Map<String, RecoveryStrategy> perType = new LinkedHashMap<>();
    MapNode types = f.map(m.get("per_type"), child(path, "per_type"), "{shell: {strategy: retry, max_attempts: 3}}");
    if (types != null) {
      for (Field t : types.fields().values()) {
        perType.put(t.key(), strategy(t.value(), child(child(path, "per_type"), t.key()), byDefault.action(), base,
            byDefault.recoverable()));
      }
    }
    return new ErrorHandlingConfig(byDefault, perType);
  }

  /** One strategy; missing keys come from the given defaults (the {@code default:} section's). */
  private RecoveryStrategy strategy(Node n, String path, RecoveryStrategy.Action action, RetryPolicy base,
      Set<FailureKind> recoverable) {
    MapNode m = s.section(n, path, STRATEGY_KEYS);
    if (m == null) return new RecoveryStrategy(action, base, recoverable);
    RecoveryStrategy.Action a = f.choice(m.get("strategy"), child(path, "strategy"), ACTIONS);
    RetryPolicy retry = TaskPartsReader.retryPolicyFrom(f, m, path, base);
    Set<FailureKind> kinds = recoverable;
    Node.ListNode l = m.get("recoverable") == null ? null
        : f.list(m.get("recoverable"), child(path, "recoverable"), "[nonzero_exit, timeout]");
    if (l != null) {
      kinds = EnumSet.noneOf(FailureKind.class);
      for (int i = 0; i < l.items().size(); i++) {
        FailureKind k = f.choice(l.items().get(i), child(path, "recoverable") + "[" + i + "]", FAILURE_KINDS);
        if (k != null) kinds.add(k);
      }
    }
    return new RecoveryStrategy(a == null ? action : a, retry == null ? base : retry, kinds);
  }
}
