package io.taskexec.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.sim.Workload;
import io.taskexec.sim.WorkloadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected values come from each file's own trailer: N + 2 tasks, "Edges: E (+dummy edges: D)"
 * gives E + D predecessor entries, and "CP Length" the critical path.
 */
class StgImporterTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "50/rand0000.stg, 52, 119, 55",
    "50/rand0001.stg, 52, 238, 89",
    "50/rand0015.stg, 52, 222, 188",
    "50/rand0075.stg, 52, 290, 255",
    "50/rand0110.stg, 52, 968, 32",
    "50/rand0133.stg, 52, 221, 114",
    "100/rand0000.stg, 102, 591, 94",
    "100/rand0010.stg, 102, 664, 133",
    "100/rand0086.stg, 102, 696, 290",
  })
  void readsTasksEdgesAndCriticalPath(String file, int tasks, long edges, double cp) throws Exception {
    Workload w = StgImporter.read(WorkloadFiles.file("stg/" + file));
    assertThat(w.tasks()).hasSize(tasks);
    assertThat(w.edgeCount()).isEqualTo(edges);
    assertThat(w.criticalPath()).isEqualTo(cp);
    assertThat(w.tasks().get(0).runtime()).isZero();
    assertThat(w.tasks().get(tasks - 1).runtime()).isZero();
  }

  @Test
  void aBadTokenNamesItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("g.stg");
    Files.writeString(f, "1\n0 0 0\n1 x 1 0\n2 0 1 1\n");
    assertThatThrownBy(() -> StgImporter.read(f))
        .hasMessage(f + ":line 3: 'x' is not an integer; STG records are 'id cost npred pred...'");
  }

  @Test
  void aForwardPredecessorIsRefused(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("g.stg");
    Files.writeString(f, "1\n0 0 0\n1 4 1 2\n2 0 1 1\n");
    assertThatThrownBy(() -> StgImporter.read(f))
        .hasMessageContaining(":line 3: task 1 names predecessor 2; predecessors must be earlier tasks");
  }

  @Test
  void aTruncatedFileSaysHowManyRecordsItHas(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("g.stg");
    Files.writeString(f, "3\n0 0 0\n1 4 1 0\n");
    assertThatThrownBy(() -> StgImporter.read(f)).hasMessageContaining("expected 5 task records, found 2");
  }
}
