package io.taskexec.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.sim.SimTask;
import io.taskexec.sim.Workload;
import io.taskexec.sim.WorkloadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected counts: {@code grep -c '<job '} and {@code grep -c '<parent '} on each file. */
class DaxImporterTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "CyberShake_30.xml, 30, 52",
    "Epigenomics_24.xml, 24, 27",
    "HEFT_paper.xml, 10, 15",
    "Inspiral_30.xml, 30, 35",
    "Montage_25.xml, 25, 45",
    "Sipht_30.xml, 29, 33",
  })
  void readsJobsAndEdges(String file, int jobs, long edges) throws Exception {
    Workload w = DaxImporter.read(WorkloadFiles.file("pegasus-dax/" + file));
    assertThat(w.tasks()).hasSize(jobs);
    assertThat(w.edgeCount()).isEqualTo(edges);
    assertThat(w.tasks()).allSatisfy(t -> assertThat(t.cpu()).isEqualTo(1.0));
  }

  @Test
  void theHeftDagCarriesItsCostsAndEdgeData() throws Exception {
    Workload w = DaxImporter.read(WorkloadFiles.file("pegasus-dax/HEFT_paper.xml"));
    assertThat(w.tasks()).extracting(SimTask::runtime)
        .containsExactly(14.0, 13.0, 11.0, 13.0, 12.0, 13.0, 7.0, 5.0, 18.0, 21.0);
    SimTask n2 = w.tasks().get(1);
    assertThat(n2.parents()).containsExactly(0);
    assertThat(n2.parentData()).containsExactly(2250.0); // 18 * 125, the paper's cost 1 -> 2
    SimTask n10 = w.tasks().get(9);
    assertThat(n10.parents()).containsExactlyInAnyOrder(6, 7, 8);
  }

  @Test
  void montageTypesAreJobNames() throws Exception {
    Workload w = DaxImporter.read(WorkloadFiles.file("pegasus-dax/Montage_25.xml"));
    assertThat(w.tasks().get(0).type()).isEqualTo("mProjectPP");
  }

  @Test
  void aBadRuntimeNamesTheLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.xml");
    Files.writeString(f, """
        <adag name="t">
          <job id="A" name="x" runtime="3"/>
          <job id="B" name="x" runtime="soon"/>
        </adag>
        """);
    assertThatThrownBy(() -> DaxImporter.read(f))
        .hasMessage(f + ":line 3: job 'B' has runtime=\"soon\"; expected a non-negative number of seconds");
  }

  @Test
  void brokenXmlIsReportedWithItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.xml");
    Files.writeString(f, "<adag>\n<job id=\"A\" runtime=\"1\">\n</adag>\n");
    assertThatThrownBy(() -> DaxImporter.read(f))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(f + ":line 3: not valid XML");
  }

  @Test
  void externalEntitiesAreNotRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "s3cret");
    Path f = dir.resolve("w.xml");
    Files.writeString(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE adag [<!ENTITY x SYSTEM \""
        + secret.toUri() + "\">]>\n<adag name=\"&x;\"><job id=\"A\" name=\"x\" runtime=\"1\"/></adag>\n");
    try {
      Workload w = DaxImporter.read(f);
      assertThat(w.name()).doesNotContain("s3cret");
    } catch (ImportException refused) {
      assertThat(refused.getMessage()).doesNotContain("s3cret");
    }
  }
}
