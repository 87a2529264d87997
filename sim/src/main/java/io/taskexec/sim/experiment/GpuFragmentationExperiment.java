package io.taskexec.sim.experiment;

import io.taskexec.place.GpuSharing;
import io.taskexec.sim.importer.AlibabaGpuImporter;
import io.taskexec.sim.importer.ImportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Alibaba GPU trace (cluster-trace-gpu-v2023, openb): how many GPUs are left unallocated as
 * the cluster fills, with best fit and with fragmentation-aware packing (FGD), as in Weng et al.,
 * USENIX ATC 2023, whose abstract reports "up to 49%" fewer unallocated GPUs than packing
 * schedulers such as best fit on this trace.
 *
 * <p>The protocol is the paper's (its artifact, hkust-adsl/kubernetes-scheduler-simulator): pods
 * are drawn at random (with replacement, a fixed seed per repetition) from the trace's pod list
 * and arrive one by one, never leaving, until the GPUs they asked for add up to 130% of the
 * cluster's GPU capacity; a pod that fits nowhere is turned away. The simulator models cpu and
 * GPU (whole and shared) only, so memory is left out here too. All policies see the same
 * arrivals. At each checkpoint of arrived demand (as a share of GPU capacity) the unallocated
 * GPUs are counted; "up to" is the largest reduction over the checkpoints. The FGD target
 * workload is the pod shapes of the trace with their frequencies. Two best-fit baselines: the
 * paper's scorer ({@link GpuSharing.Policy#BEST_FIT_CPU_GPU}, absolute cpu and GPU left) and
 * taskexec's ({@link GpuSharing.Policy#BEST_FIT}, the mean share left of each resource).
 */
public final class GpuFragmentationExperiment {
  /** Checkpoints of arrived GPU demand, as a share of the cluster's GPU capacity. */
  public static final double[] CHECKPOINTS = {0.80, 0.85, 0.90, 0.95, 1.00, 1.05, 1.10, 1.20, 1.30};

  /**
   * Unallocated GPUs (in GPUs) at each checkpoint, mean over the repetitions.
   *
   * @param bestFit the paper's Best-Fit baseline ({@link GpuSharing.Policy#BEST_FIT_CPU_GPU})
   * @param relativeFit taskexec's best fit ({@link GpuSharing.Policy#BEST_FIT})
   */
  public record Result(int nodes, double gpus, int pods, int repetitions, double[] checkpoints,
      double[] bestFit, double[] relativeFit, double[] fgd) {
    /** 1 - fgd / bestFit at checkpoint k. */
    public double reduction(int k) {
      return reduction(bestFit[k], fgd[k]);
    }

    /** 1 - fgd / relativeFit at checkpoint k. */
    public double relativeReduction(int k) {
      return reduction(relativeFit[k], fgd[k]);
    }

    /** The largest reduction against the paper's best fit over the checkpoints ("up to"). */
    public double maxReduction() {
      double m = 0;
      for (int k = 0; k < checkpoints.length; k++) m = Math.max(m, reduction(k));
      return m;
    }

    public double maxRelativeReduction() {
      double m = 0;
      for (int k = 0; k < checkpoints.length; k++) m = Math.max(m, relativeReduction(k));
      return m;
    }

    private static double reduction(double baseline, double fgd) {
      return baseline <= 0 ? 0 : 1 - fgd / baseline;
    }
  }

  private GpuFragmentationExperiment() {}

  public static Result run(Path workloads, int repetitions) throws ImportException {
    Path dir = workloads.resolve("alibaba-gpu-v2023");
    List<GpuSharing.Node> nodes = AlibabaGpuImporter.nodes(dir.resolve("openb_node_list_gpu_node.csv"));
    List<AlibabaGpuImporter.Pod> pods = AlibabaGpuImporter.pods(dir.resolve("openb_pod_list_default.csv"));
    List<GpuSharing.Shape> shapes = pods.stream().map(p -> withoutMemory(p.shape())).toList();
    Map<GpuSharing.Shape, Double> target = GpuSharing.popularity(shapes);
    double[] bf = new double[CHECKPOINTS.length];
    double[] relative = new double[CHECKPOINTS.length];
    double[] fgd = new double[CHECKPOINTS.length];
    long capacity = 0;
    for (GpuSharing.Node n : nodes) capacity += 1000L * n.gpus();
    for (int r = 0; r < repetitions; r++) {
      List<GpuSharing.Shape> arrivals = arrivals(shapes, capacity, 1000L + r);
      add(bf, fill(new GpuSharing(GpuSharing.Policy.BEST_FIT_CPU_GPU, nodes, target), arrivals,
          capacity));
      add(relative, fill(new GpuSharing(GpuSharing.Policy.BEST_FIT, nodes, target), arrivals,
          capacity));
      add(fgd, fill(new GpuSharing(GpuSharing.Policy.FGD, nodes, target), arrivals, capacity));
    }
    for (int k = 0; k < CHECKPOINTS.length; k++) {
      bf[k] /= repetitions * 1000.0;
      relative[k] /= repetitions * 1000.0;
      fgd[k] /= repetitions * 1000.0;
    }
    return new Result(nodes.size(), capacity / 1000.0, pods.size(), repetitions, CHECKPOINTS.clone(),
        bf, relative, fgd);
  }

  /** The paper's simulator does not model memory: a pod asks for cpu and GPU only. */
  static GpuSharing.Shape withoutMemory(GpuSharing.Shape s) {
    return new GpuSharing.Shape(s.cpuMilli(), 0, s.gpus(), s.gpuMilli(), s.models());
  }

  /** Pods drawn with replacement until their GPU demand reaches the last checkpoint. */
  static List<GpuSharing.Shape> arrivals(List<GpuSharing.Shape> shapes, long capacity, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GpuSharing.Shape> out = new ArrayList<>();
    long demand = 0;
    while (demand < CHECKPOINTS[CHECKPOINTS.length - 1] * capacity) {
      GpuSharing.Shape s = shapes.get(random.nextInt(shapes.size()));
      out.add(s);
      demand += s.gpuDemandMilli();
    }
    return out;
  }

  /** Unallocated GPU thousandths when arrived demand first reaches each checkpoint. */
  static double[] fill(GpuSharing cluster, List<GpuSharing.Shape> arrivals, long capacity) {
    double[] unallocated = new double[CHECKPOINTS.length];
    int k = 0;
    long arrived = 0;
    for (GpuSharing.Shape s : arrivals) {
      cluster.place(s);
      arrived += s.gpuDemandMilli();
      while (k < CHECKPOINTS.length && arrived >= CHECKPOINTS[k] * capacity) {
        unallocated[k++] = cluster.unallocatedGpuMilli();
      }
    }
    while (k < CHECKPOINTS.length) unallocated[k++] = cluster.unallocatedGpuMilli();
    return unallocated;
  }

  private static void add(double[] sum, double[] x) {
    for (int k = 0; k < sum.length; k++) sum[k] += x[k];
  }
}
