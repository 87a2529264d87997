package io.taskexec.place;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A cluster of GPU nodes whose GPUs may be shared: a pod asks for a fraction of one GPU
 * ({@code gpuMilli} &lt; 1000 thousandths) or for whole GPUs, plus cpu and memory, and may name
 * the GPU models it accepts. Two placement policies:
 *
 * <ul>
 *   <li>{@link Policy#BEST_FIT}: the node left with the least room, as the mean over cpu, memory
 *       and GPU of the fraction left free (the rule of {@link PlacementStrategy#BEST_FIT}); within
 *       the node, the fullest GPU that still fits a sharing pod.
 *   <li>{@link Policy#BEST_FIT_CPU_GPU}: the Best-Fit baseline of the FGD paper's simulator: the
 *       node left with the least cpu and GPU in absolute terms (each over the largest node spec of
 *       the trace, weighted equally; memory not scored); within the node, the fullest GPU.
 *   <li>{@link Policy#FGD}: Fragmentation Gradient Descent (Weng et al., "Beware of
 *       Fragmentation", USENIX ATC 2023): the node and GPU whose choice increases the expected
 *       fragmentation of the cluster least, measured against a target workload (pod shapes and
 *       their popularity, normally those of the trace itself).
 * </ul>
 *
 * <p>Fragmentation of a node for one pod shape m, in GPUs: when m cannot run on the node at all
 * (cpu, memory, GPU model or GPU count short), every free GPU fraction on it; otherwise the free
 * fractions of the GPUs that are too small for m (for a sharing shape, free &lt; its fraction; for
 * a whole-GPU shape, any partly used GPU). The node's expected fragmentation is the
 * popularity-weighted sum over the shapes. Evaluations are cached by node state (model, free cpu,
 * free memory, the multiset of free GPU fractions), which repeats a great deal in a large cluster.
 *
 * <p>Quantities are integers: cpu in milli-cores, memory in MiB, GPU in thousandths. Not
 * thread-safe.
 */
public final class GpuSharing {
  /** How a node (and GPU) is chosen. */
  public enum Policy {
    BEST_FIT,
    BEST_FIT_CPU_GPU,
    FGD
  }

  /** The largest node of the Alibaba trace, the scale of {@link Policy#BEST_FIT_CPU_GPU}'s score. */
  static final double SPEC_CPU_MILLI = 128_000;

  static final double SPEC_GPU_MILLI = 8_000;

  /** A GPU node as offered. */
  public record Node(String id, long cpuMilli, long memoryMib, int gpus, String model) {
    public Node {
      Objects.requireNonNull(id, "id");
      if (cpuMilli < 0 || memoryMib < 0 || gpus < 0) {
        throw new IllegalArgumentException("node capacity must be non-negative: " + id);
      }
    }
  }

  /**
   * What a pod asks for.
   *
   * @param gpus whole GPUs, or 1 with {@code gpuMilli} &lt; 1000 for a share of one GPU
   * @param gpuMilli thousandths of each GPU (1000 for whole GPUs; 0 when {@code gpus} is 0)
   * @param models the GPU models accepted; empty for any
   */
  public record Shape(long cpuMilli, long memoryMib, int gpus, int gpuMilli, Set<String> models) {
    public Shape {
      models = Set.copyOf(models);
      if (cpuMilli < 0 || memoryMib < 0 || gpus < 0 || gpuMilli < 0 || gpuMilli > 1000
          || (gpus > 1 && gpuMilli != 1000)) {
        throw new IllegalArgumentException("not a valid pod shape: " + cpuMilli + " mcpu, "
            + memoryMib + " MiB, " + gpus + " x " + gpuMilli + " milli-GPU");
      }
    }

    /** The GPU asked for, in thousandths of a GPU. */
    public long gpuDemandMilli() {
      return gpus == 0 ? 0 : (long) gpus * gpuMilli;
    }
  }

  /** Where a pod went: a node and the indexes of the GPUs it uses there. */
  public record Placement(int node, int[] gpus) {}

  private final Policy policy;
  private final Node[] nodes;
  private final long[] freeCpu;
  private final long[] freeMemory;
  private final int[][] freeGpu; // thousandths per GPU
  private final Shape[] targetShapes;
  private final double[] targetWeights;
  private final Map<StateKey, Double> fragmentCache = new HashMap<>();
  private long allocatedGpuMilli;
  private final long totalGpuMilli;

  /**
   * @param target the target workload for {@link Policy#FGD}: pod shapes and their popularity
   *     (any non-negative weights; normalised here); ignored by {@link Policy#BEST_FIT}
   */
  public GpuSharing(Policy policy, List<Node> nodes, Map<Shape, Double> target) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.nodes = nodes.toArray(Node[]::new);
    int n = this.nodes.length;
    freeCpu = new long[n];
    freeMemory = new long[n];
    freeGpu = new int[n][];
    long total = 0;
    for (int i = 0; i < n; i++) {
      freeCpu[i] = this.nodes[i].cpuMilli();
      freeMemory[i] = this.nodes[i].memoryMib();
      freeGpu[i] = new int[this.nodes[i].gpus()];
      Arrays.fill(freeGpu[i], 1000);
      total += 1000L * this.nodes[i].gpus();
    }
    totalGpuMilli = total;
    targetShapes = target.keySet().toArray(Shape[]::new);
    targetWeights = new double[targetShapes.length];
    double sum = target.values().stream().mapToDouble(Double::doubleValue).sum();
    for (int k = 0; k < targetShapes.length; k++) {
      targetWeights[k] = sum > 0 ? target.get(targetShapes[k]) / sum : 0;
    }
  }

  /** Places a pod by the policy and books it; null (and no change) when no node can hold it. */
  public Placement place(Shape pod) {
    int bestNode = -1;
    int bestGpu = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i = 0; i < nodes.length; i++) {
      if (!fitsNode(i, pod)) continue;
      if (pod.gpus() == 1 && pod.gpuMilli() < 1000) {
        int lastTried = -1;
        for (int g = 0; g < freeGpu[i].length; g++) {
          int free = freeGpu[i][g];
          if (free < pod.gpuMilli() || free == lastTried) continue;
          lastTried = free; // GPUs with equal free fractions are interchangeable
          double s = score(i, pod, g);
          if (s < bestScore) {
            bestScore = s;
            bestNode = i;
            bestGpu = g;
          }
        }
      } else {
        double s = score(i, pod, -1);
        if (s < bestScore) {
          bestScore = s;
          bestNode = i;
        }
      }
    }
    if (bestNode < 0) return null;
    int[] used = book(bestNode, pod, bestGpu);
    return new Placement(bestNode, used);
  }

  /** GPUs offered by the cluster, in thousandths. */
  public long totalGpuMilli() {
    return totalGpuMilli;
  }

  /** GPUs held by placed pods, in thousandths. */
  public long allocatedGpuMilli() {
    return allocatedGpuMilli;
  }

  /** GPUs not allocated to any pod, in thousandths (whole and partial free GPUs). */
  public long unallocatedGpuMilli() {
    return totalGpuMilli - allocatedGpuMilli;
  }

  /** Free cpu, memory and GPU fractions of node {@code i}, for checks. */
  public long freeCpu(int i) {
    return freeCpu[i];
  }

  public long freeMemory(int i) {
    return freeMemory[i];
  }

  public int[] freeGpus(int i) {
    return freeGpu[i].clone();
  }

  public int nodeCount() {
    return nodes.length;
  }

  private boolean fitsNode(int i, Shape pod) {
    if (pod.cpuMilli() > freeCpu[i] || pod.memoryMib() > freeMemory[i]) return false;
    if (pod.gpus() == 0) return true;
    if (!pod.models().isEmpty() && !pod.models().contains(nodes[i].model())) return false;
    return usableGpus(freeGpu[i], pod) >= pod.gpus();
  }

  private static int usableGpus(int[] free, Shape pod) {
    int usable = 0;
    for (int f : free) {
      if (f >= pod.gpuMilli()) usable++;
    }
    return usable;
  }

  /** Lower is better. */
  private double score(int i, Shape pod, int gpu) {
    return switch (policy) {
      case BEST_FIT -> bestFitScore(i, pod, gpu);
      case BEST_FIT_CPU_GPU -> cpuGpuLeftScore(i, pod, gpu);
      // ties (common: identical empty nodes) go to the tighter fit
      case FGD -> fragmentation(after(i, pod, gpu)) - fragmentation(state(i))
          + 1e-6 * bestFitScore(i, pod, gpu);
    };
  }

  private double bestFitScore(int i, Shape pod, int gpu) {
    Node n = nodes[i];
    double cpu = n.cpuMilli() == 0 ? 0 : (double) (freeCpu[i] - pod.cpuMilli()) / n.cpuMilli();
    double mem = n.memoryMib() == 0 ? 0 : (double) (freeMemory[i] - pod.memoryMib()) / n.memoryMib();
    long gpuFree = 0;
    for (int f : freeGpu[i]) gpuFree += f;
    double g = n.gpus() == 0 ? 0 : (double) (gpuFree - pod.gpuDemandMilli()) / (1000.0 * n.gpus());
    double leftover = (cpu + mem + g) / 3;
    // within the node, the fullest GPU that fits: a tiny tie-break below any node difference
    double gpuLeft = gpu < 0 ? 0 : (freeGpu[i][gpu] - pod.gpuMilli()) / 1000.0;
    return leftover + gpuLeft * 1e-6;
  }

  /**
   * The Best-Fit baseline of Weng et al. (their simulator's scorer): what the node has left of cpu
   * and GPU after the pod, each as a share of the largest node spec of the trace (128 cores, 8
   * GPUs), weighted equally; memory is not scored. Unlike {@link #bestFitScore}, a big node with
   * little left in absolute terms counts as tight.
   */
  private double cpuGpuLeftScore(int i, Shape pod, int gpu) {
    long gpuFree = 0;
    for (int f : freeGpu[i]) gpuFree += f;
    double left = 0.5 * (freeCpu[i] - pod.cpuMilli()) / SPEC_CPU_MILLI
        + 0.5 * (gpuFree - pod.gpuDemandMilli()) / SPEC_GPU_MILLI;
    double gpuLeft = gpu < 0 ? 0 : (freeGpu[i][gpu] - pod.gpuMilli()) / 1000.0;
    return left + gpuLeft * 1e-6;
  }

  private int[] book(int i, Shape pod, int gpu) {
    freeCpu[i] -= pod.cpuMilli();
    freeMemory[i] -= pod.memoryMib();
    int[] used;
    if (pod.gpus() == 0) {
      used = new int[0];
    } else if (gpu >= 0) {
      freeGpu[i][gpu] -= pod.gpuMilli();
      used = new int[] {gpu};
    } else {
      used = new int[pod.gpus()];
      int k = 0;
      for (int g = 0; g < freeGpu[i].length && k < used.length; g++) {
        if (freeGpu[i][g] == 1000) {
          freeGpu[i][g] = 0;
          used[k++] = g;
        }
      }
    }
    allocatedGpuMilli += pod.gpuDemandMilli();
    return used;
  }

  private StateKey state(int i) {
    int[] g = freeGpu[i].clone();
    Arrays.sort(g);
    return new StateKey(nodes[i].model(), freeCpu[i], freeMemory[i], g);
  }

  private StateKey after(int i, Shape pod, int gpu) {
    int[] g = freeGpu[i].clone();
    if (gpu >= 0) {
      g[gpu] -= pod.gpuMilli();
    } else if (pod.gpus() > 0) {
      int k = 0;
      for (int x = 0; x < g.length && k < pod.gpus(); x++) {
        if (g[x] == 1000) {
          g[x] = 0;
          k++;
        }
      }
    }
    Arrays.sort(g);
    return new StateKey(nodes[i].model(), freeCpu[i] - pod.cpuMilli(),
        freeMemory[i] - pod.memoryMib(), g);
  }

  /** Expected fragmentation of a node state against the target workload, in GPUs. */
  private double fragmentation(StateKey s) {
    Double cached = fragmentCache.get(s);
    if (cached != null) return cached;
    double total = 0;
    for (int k = 0; k < targetShapes.length; k++) {
      total += targetWeights[k] * fragmentFor(s, targetShapes[k]);
    }
    fragmentCache.put(s, total);
    return total;
  }

  /** Fragmentation of node state {@code s} for pod shape {@code m}, in thousandths of a GPU. */
  static long fragmentFor(StateKey s, Shape m) {
    long free = 0;
    for (int f : s.freeGpus) free += f;
    boolean modelOk = m.gpus() == 0 || m.models().isEmpty() || m.models().contains(s.model);
    if (m.cpuMilli() > s.freeCpu || m.memoryMib() > s.freeMemory || !modelOk
        || usableGpus(s.freeGpus, m) < m.gpus()) {
      return free; // m cannot run here: every free GPU fraction is stranded for it
    }
    if (m.gpus() == 0) return 0;
    long stranded = 0;
    for (int f : s.freeGpus) {
      if (f < m.gpuMilli()) stranded += f;
    }
    return stranded;
  }

  /** A node's state as far as fragmentation is concerned. */
  record StateKey(String model, long freeCpu, long freeMemory, int[] freeGpus) {
    @Override
    public boolean equals(Object o) {
      return o instanceof StateKey k && k.freeCpu == freeCpu && k.freeMemory == freeMemory
          && k.model.equals(model) && Arrays.equals(k.freeGpus, freeGpus);
    }

    @Override
    public int hashCode() {
      return (Long.hashCode(freeCpu) * 31 + Long.hashCode(freeMemory)) * 31
          + Arrays.hashCode(freeGpus) + model.hashCode();
    }

    @Override
    public String toString() {
      return model + " cpu " + freeCpu + " mem " + freeMemory + " gpus " + Arrays.toString(freeGpus);
    }
  }

  /** The pod shapes of a list and how often each occurs: the usual FGD target workload. */
  public static Map<Shape, Double> popularity(List<Shape> pods) {
    Map<Shape, Double> counts = new HashMap<>();
    for (Shape p : pods) counts.merge(p, 1.0, Double::sum);
    return counts;
  }

  /** For diagnostics: the shapes of the target workload. */
  List<Shape> targetShapes() {
    return new ArrayList<>(Arrays.asList(targetShapes));
  }
}
