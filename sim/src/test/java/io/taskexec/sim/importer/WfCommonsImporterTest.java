package io.taskexec.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.sim.SimTask;
import io.taskexec.sim.Workload;
import io.taskexec.sim.WorkloadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The expected counts were taken from the files with a separate script (distinct parent/child
 * pairs, sum of runtimeInSeconds), not from this importer.
 */
class WfCommonsImporterTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "makeflow/blast-chameleon-small-001.json, 43, 120, 382.913",
    "makeflow/bwa-chameleon-small-001.json, 104, 400, 379.989",
    "nextflow/methylseq-dirt02-001.json, 36, 70, 446.366",
    "pegasus/1000genome-chameleon-4ch-100k-001.json, 104, 152, 8609.878",
    "pegasus/cycles-chameleon-1l-1c-9p-001.json, 67, 97, 862.699",
    "pegasus/epigenomics-chameleon-ilmn-1seq-100k-001.json, 125, 153, 2578.345",
    "pegasus/montage-chameleon-2mass-005d-001.json, 58, 114, 221.726",
    "pegasus/montage-chameleon-2mass-025d-001.json, 619, 1641, 1321.9",
    "pegasus/seismology-chameleon-100p-001.json, 101, 100, 71.893",
    "pegasus/soykb-chameleon-10fastq-10ch-001.json, 96, 194, 11814.517",
    "pegasus/srasearch-chameleon-10a-001.json, 22, 30, 6996.779",
  })
  void readsEverySchema15Instance(String file, int tasks, long edges, double work) throws Exception {
    Workload w = WfCommonsImporter.read(WorkloadFiles.file("wfcommons/" + file));
    assertThat(w.format()).isEqualTo("wfcommons-1.5");
    assertThat(w.tasks()).hasSize(tasks);
    assertThat(w.edgeCount()).isEqualTo(edges);
    assertThat(w.work()).isCloseTo(work, org.assertj.core.data.Offset.offset(0.01));
    assertThat(w.criticalPath()).isPositive().isLessThanOrEqualTo(work);
  }

  @Test
  void theThreeSchemaGenerationsGiveTheSameGraph() throws Exception {
    Workload v15 = WfCommonsImporter.read(WorkloadFiles.file(
        "wfcommons/pegasus/montage-chameleon-2mass-005d-001.json"));
    Workload v14 = WfCommonsImporter.read(WorkloadFiles.file(
        "wfcommons-legacy/schema-1.4-tasks/montage-chameleon-2mass-005d-001.json"));
    Workload v12 = WfCommonsImporter.read(WorkloadFiles.file(
        "wfcommons-legacy/schema-1.2-jobs/montage-chameleon-2mass-005d-001.json"));
    assertThat(v14.format()).isEqualTo("wfcommons-1.4");
    assertThat(v12.format()).isEqualTo("wfcommons-1.2");
    for (Workload w : new Workload[] {v15, v14, v12}) {
      assertThat(w.tasks()).hasSize(58);
      assertThat(w.edgeCount()).isEqualTo(114);
      assertThat(w.observedMakespan()).isEqualTo(1060.0);
    }
    assertThat(edges(v14)).isEqualTo(edges(v15));
    assertThat(edges(v12)).isEqualTo(edges(v15));
    assertThat(runtimes(v14)).isEqualTo(runtimes(v15));
    assertThat(runtimes(v12)).isEqualTo(runtimes(v15));
  }

  @Test
  void typesComeFromTheNameWithoutItsIdSuffix() {
    assertThat(WfCommonsImporter.type("mProject_ID0000001")).isEqualTo("mProject");
    assertThat(WfCommonsImporter.type("alignment_to_reference_ID0000001")).isEqualTo("alignment");
    assertThat(WfCommonsImporter.type("NFCORE_METHYLSEQ.METHYLSEQ.FASTQC"))
        .isEqualTo("NFCORE_METHYLSEQ.METHYLSEQ.FASTQC");
  }

  @Test
  void brokenJsonNamesTheLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\n  \"workflow\": {\n    \"jobs\": [ }\n}\n");
    assertThatThrownBy(() -> WfCommonsImporter.read(f))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(f + ":3:")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aMissingRuntimeNamesTheTaskAndField(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.json");
    Files.writeString(f, """
        {"workflow": {"tasks": [
          {"name": "a_ID01", "runtimeInSeconds": 3, "parents": [], "children": ["b_ID02"]},
          {"name": "b_ID02", "parents": ["a_ID01"], "children": []}
        ]}}""");
    assertThatThrownBy(() -> WfCommonsImporter.read(f))
        .isInstanceOf(ImportException.class)
        .hasMessage(f + ":workflow.tasks[1]: missing or invalid 'runtimeInSeconds'"
            + " (a non-negative number of seconds)");
  }

  @Test
  void anEdgeToAnUnknownTaskIsRefused(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.json");
    Files.writeString(f, """
        {"workflow": {"jobs": [
          {"name": "a_ID01", "runtime": 3, "parents": ["ghost_ID09"], "children": []}
        ]}}""");
    assertThatThrownBy(() -> WfCommonsImporter.read(f))
        .hasMessageContaining("workflow.jobs[0]")
        .hasMessageContaining("names parent 'ghost_ID09', which is not defined");
  }

  @Test
  void somethingElseIsNotAWorkflow(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.json");
    Files.writeString(f, "{\"name\": \"x\"}");
    assertThatThrownBy(() -> WfCommonsImporter.read(f)).hasMessageContaining("not a WfCommons instance");
  }

  private static Set<String> edges(Workload w) {
    Set<String> e = new HashSet<>();
    for (SimTask t : w.tasks()) {
      for (int p : t.parents()) e.add(w.tasks().get(p).id() + ">" + t.id());
    }
    return e;
  }

  private static Map<String, Double> runtimes(Workload w) {
    Map<String, Double> m = new HashMap<>();
    for (SimTask t : w.tasks()) m.put(t.id(), t.runtime());
    return m;
  }
}
