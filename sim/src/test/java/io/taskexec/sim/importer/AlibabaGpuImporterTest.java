package io.taskexec.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.place.GpuSharing;
import io.taskexec.sim.WorkloadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected values from awk over the CSVs: 1,213 nodes, 107,018 cores, 6,212 GPUs; 8,152 pods, 897
 * without a scheduled time, 1,088 without GPUs, 3,078 sharing one GPU (gpu_milli below 1000).
 */
class AlibabaGpuImporterTest {

  @Test
  void readsTheNodeList() throws Exception {
    List<GpuSharing.Node> nodes = AlibabaGpuImporter.nodes(
        WorkloadFiles.file("alibaba-gpu-v2023/openb_node_list_gpu_node.csv"));
    assertThat(nodes).hasSize(1213);
    assertThat(nodes.stream().mapToLong(GpuSharing.Node::cpuMilli).sum()).isEqualTo(107_018_000L);
    assertThat(nodes.stream().mapToInt(GpuSharing.Node::gpus).sum()).isEqualTo(6212);
    assertThat(nodes.get(0)).isEqualTo(new GpuSharing.Node("openb-node-0000", 64000, 262144, 2, "P100"));
  }

  @Test
  void readsThePodList() throws Exception {
    List<AlibabaGpuImporter.Pod> pods = AlibabaGpuImporter.pods(
        WorkloadFiles.file("alibaba-gpu-v2023/openb_pod_list_default.csv"));
    assertThat(pods).hasSize(8152);
    assertThat(pods.stream().filter(p -> Double.isNaN(p.scheduled())).count()).isEqualTo(897);
    assertThat(pods.stream().filter(p -> p.shape().gpus() == 0).count()).isEqualTo(1088);
    assertThat(pods.stream().filter(p -> p.shape().gpus() == 1 && p.shape().gpuMilli() < 1000).count())
        .isEqualTo(3078);
    AlibabaGpuImporter.Pod second = pods.get(1);
    assertThat(second.shape()).isEqualTo(new GpuSharing.Shape(6000, 12288, 1, 460, Set.of()));
    assertThat(second.created()).isEqualTo(427061.0);
  }

  @Test
  void aGpuSpecLimitsTheModels(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("pods.csv");
    Files.writeString(f, "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,"
        + "creation_time,deletion_time,scheduled_time\np,1000,1024,2,1000,V100M16|V100M32,LS,Running,0,10,\n");
    AlibabaGpuImporter.Pod p = AlibabaGpuImporter.pods(f).get(0);
    assertThat(p.shape().models()).containsExactlyInAnyOrder("V100M16", "V100M32");
    assertThat(p.scheduled()).isNaN();
  }

  @Test
  void aMissingColumnIsNamed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nodes.csv");
    Files.writeString(f, "sn,cpu_milli,memory_mib,model\nn1,1000,1024,T4\n");
    assertThatThrownBy(() -> AlibabaGpuImporter.nodes(f))
        .hasMessage(f + ":line 1: no column 'gpu'; expected the columns sn, cpu_milli, memory_mib, gpu, model");
  }

  @Test
  void aBadNumberNamesLineAndColumn(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nodes.csv");
    Files.writeString(f, "sn,cpu_milli,memory_mib,gpu,model\nn1,1000,1024,2,T4\nn2,lots,1024,2,T4\n");
    assertThatThrownBy(() -> AlibabaGpuImporter.nodes(f))
        .hasMessage(f + ":line 3: 'cpu_milli' is 'lots'; expected a non-negative integer");
  }
}
