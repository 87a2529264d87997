package io.taskexec.place;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GpuSharingTest {
  static final Set<String> ANY = Set.of();

  static GpuSharing.Shape share(int milli) {
    return new GpuSharing.Shape(1000, 1024, 1, milli, ANY);
  }

  static GpuSharing.Shape whole(int gpus) {
    return new GpuSharing.Shape(1000, 1024, gpus, 1000, ANY);
  }

  @Test
  void fragmentationCountsWhatAShapeCannotUse() {
    GpuSharing.StateKey s = new GpuSharing.StateKey("T4", 8000, 8192, new int[] {300, 1000});
    assertThat(GpuSharing.fragmentFor(s, share(500))).isEqualTo(300); // the 0.3 GPU is too small
    assertThat(GpuSharing.fragmentFor(s, whole(1))).isEqualTo(300); // partly used: not whole
    assertThat(GpuSharing.fragmentFor(s, whole(2))).isEqualTo(1300); // cannot run at all
    assertThat(GpuSharing.fragmentFor(s, new GpuSharing.Shape(9000, 0, 0, 0, ANY))).isEqualTo(1300);
    assertThat(GpuSharing.fragmentFor(s, new GpuSharing.Shape(1000, 0, 0, 0, ANY))).isZero();
    assertThat(GpuSharing.fragmentFor(s, new GpuSharing.Shape(1000, 0, 1, 200, Set.of("V100"))))
        .isEqualTo(1300); // wrong model
  }

  @Test
  void fgdKeepsWholeGpusForWholeGpuWork() {
    // two nodes with one GPU each; node 0's GPU is half used. The workload is mostly whole-GPU
    // pods, so a new half-GPU pod should go beside the other half, not break the free GPU.
    List<GpuSharing.Node> nodes = List.of(new GpuSharing.Node("n0", 8000, 8192, 1, "T4"),
        new GpuSharing.Node("n1", 8000, 8192, 1, "T4"));
    Map<GpuSharing.Shape, Double> target = Map.of(whole(1), 9.0, share(500), 1.0);
    GpuSharing fgd = new GpuSharing(GpuSharing.Policy.FGD, nodes, target);
    assertThat(fgd.place(share(500)).node()).isIn(0, 1);
    int first = fgd.freeGpus(0)[0] == 500 ? 0 : 1;
    GpuSharing.Placement second = fgd.place(share(500));
    assertThat(second.node()).isEqualTo(first);
    assertThat(fgd.place(whole(1))).isNotNull();
    assertThat(fgd.unallocatedGpuMilli()).isZero();
  }

  @Test
  void modelsAreRespected() {
    GpuSharing c = new GpuSharing(GpuSharing.Policy.BEST_FIT,
        List.of(new GpuSharing.Node("p", 8000, 8192, 2, "P100")), Map.of());
    assertThat(c.place(new GpuSharing.Shape(1000, 1024, 1, 1000, Set.of("V100M16")))).isNull();
    assertThat(c.place(new GpuSharing.Shape(1000, 1024, 1, 1000, Set.of("P100", "T4")))).isNotNull();
  }

  @Test
  void paperBestFitPrefersTheNodeWithLeastLeftInAbsoluteTerms() {
    // left after the pod: 7 cores and 7 GPUs on the big node, 3 cores and 1 GPU on the small one
    List<GpuSharing.Node> nodes = List.of(new GpuSharing.Node("big", 8000, 65536, 8, "G2"),
        new GpuSharing.Node("small", 4000, 8192, 2, "G2"));
    GpuSharing.Shape pod = new GpuSharing.Shape(1000, 1024, 1, 1000, ANY);
    assertThat(new GpuSharing(GpuSharing.Policy.BEST_FIT_CPU_GPU, nodes, Map.of()).place(pod).node())
        .isEqualTo(1);
    // cpu almost gone but 7 GPUs left (0.002 + 0.44) is looser than 63 cores and no GPU left
    // (0.25 + 0): each resource over the largest node spec, weighted equally
    List<GpuSharing.Node> two = List.of(new GpuSharing.Node("cpu-tight", 1500, 8192, 8, "G2"),
        new GpuSharing.Node("gpu-tight", 64000, 8192, 1, "G2"));
    assertThat(new GpuSharing(GpuSharing.Policy.BEST_FIT_CPU_GPU, two, Map.of()).place(pod).node())
        .isEqualTo(1);
  }

  record Pod(int cpu, int mem, int gpus, int milli) {
    GpuSharing.Shape shape() {
      return new GpuSharing.Shape(cpu, mem, gpus, gpus == 0 ? 0 : (gpus > 1 ? 1000 : milli), ANY);
    }
  }

  @Property(tries = 200)
  void nothingIsEverOverAllocated(@ForAll("pods") List<Pod> pods,
      @ForAll GpuSharing.Policy policy) {
    List<GpuSharing.Node> nodes = List.of(new GpuSharing.Node("a", 16000, 65536, 4, "T4"),
        new GpuSharing.Node("b", 8000, 32768, 2, "T4"), new GpuSharing.Node("c", 4000, 16384, 0, "-"));
    List<GpuSharing.Shape> shapes = new ArrayList<>();
    for (Pod p : pods) shapes.add(p.shape());
    GpuSharing c = new GpuSharing(policy, nodes, GpuSharing.popularity(shapes));
    long placedGpu = 0;
    for (GpuSharing.Shape s : shapes) {
      GpuSharing.Placement p = c.place(s);
      if (p != null) {
        placedGpu += s.gpuDemandMilli();
        assertThat(p.gpus()).hasSize(s.gpus());
      }
      for (int i = 0; i < c.nodeCount(); i++) {
        assertThat(c.freeCpu(i)).isNotNegative();
        assertThat(c.freeMemory(i)).isNotNegative();
        for (int g : c.freeGpus(i)) assertThat(g).isBetween(0, 1000);
      }
    }
    assertThat(c.allocatedGpuMilli()).isEqualTo(placedGpu);
    long free = 0;
    for (int i = 0; i < c.nodeCount(); i++) for (int g : c.freeGpus(i)) free += g;
    assertThat(c.unallocatedGpuMilli()).isEqualTo(free);
  }

  @Provide
  Arbitrary<List<Pod>> pods() {
    return Combinators.combine(Arbitraries.integers().between(0, 8).map(i -> i * 500),
        Arbitraries.integers().between(0, 8).map(i -> i * 2048),
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 10).map(i -> i * 100))
        .as(Pod::new).list().ofMaxSize(30);
  }
}
