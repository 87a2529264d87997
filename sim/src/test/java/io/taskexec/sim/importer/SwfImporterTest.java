package io.taskexec.sim.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.sim.SimTask;
import io.taskexec.sim.WorkloadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected: {@code grep -c -v '^;'} gives 18,239 records; the header says MaxProcs 128. */
class SwfImporterTest {

  @Test
  void readsTheNasaLog() throws Exception {
    SwfImporter.Result r = SwfImporter.readWithSkipped(
        WorkloadFiles.file("pwa-swf/NASA-iPSC-1993-3.1-cln.swf"));
    assertThat(r.workload().tasks()).hasSize(18_239);
    assertThat(r.skipped()).isZero();
    assertThat(r.workload().processors()).isEqualTo(128);
    SimTask first = r.workload().tasks().get(0);
    // "1 0 -1 1451 128 ...": submitted at 0, ran 1451 s on 128 processors, no requested time
    assertThat(first.id()).isEqualTo("1");
    assertThat(first.submit()).isZero();
    assertThat(first.runtime()).isEqualTo(1451.0);
    assertThat(first.cpu()).isEqualTo(128.0);
    assertThat(first.estimate()).isNaN();
    assertThat(r.workload().tasks().get(1).submit()).isEqualTo(1460.0);
  }

  @Test
  void aShortRecordNamesItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.swf");
    Files.writeString(f, "; MaxProcs: 4\n1 0 -1 10 2 -1 -1 2 -1 -1 1 1 1 -1 -1 -1 -1 -1\n2 5 -1 10\n");
    assertThatThrownBy(() -> SwfImporter.read(f))
        .hasMessage(f + ":line 3: a job record has 18 fields, this one has 4");
  }

  @Test
  void unknownRunTimesAreCountedAndLeftOut(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.swf");
    Files.writeString(f, "1 0 -1 10 2 -1 -1 2 20 -1 1 1 1 -1 -1 -1 -1 -1\n"
        + "2 5 -1 -1 2 -1 -1 2 -1 -1 1 1 1 -1 -1 -1 -1 -1\n");
    SwfImporter.Result r = SwfImporter.readWithSkipped(f);
    assertThat(r.workload().tasks()).hasSize(1);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.workload().tasks().get(0).estimate()).isEqualTo(20.0);
  }
}
