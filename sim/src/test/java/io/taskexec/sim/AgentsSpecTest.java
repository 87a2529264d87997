package io.taskexec.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.place.AgentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsSpecTest {

  @Test
  void groupsOfIdenticalAgents() {
    List<AgentSpec> a = AgentsSpec.parse("3x{cpu:32,mem:256,gpu:8}+1x{cpu:4, mem:8}");
    assertThat(a).hasSize(4);
    assertThat(a.get(0).cpuCores()).isEqualTo(32);
    assertThat(a.get(0).memoryGb()).isEqualTo(256);
    assertThat(a.get(0).gpuCount()).isEqualTo(8);
    assertThat(a.get(3).gpuCount()).isZero();
    assertThat(a).extracting(AgentSpec::id).doesNotHaveDuplicates();
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> AgentsSpec.parse("10{cpu:4}"))
        .hasMessageContaining("is not of the form COUNTx{cpu:N,mem:GB,gpu:N}");
    assertThatThrownBy(() -> AgentsSpec.parse("2x{cpu:4,ram:8}"))
        .hasMessageContaining("unknown key 'ram'");
    assertThatThrownBy(() -> AgentsSpec.parse("2x{cpu:four}"))
        .hasMessageContaining("'four' for cpu in '2x{cpu:four}' is not a number");
    assertThatThrownBy(() -> AgentsSpec.parse("2x{gpu:1.5}")).hasMessageContaining("whole devices");
  }

  @Test
  void aNodeListFileNamesTheBadLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nodes.txt");
    Files.writeString(f, "# racks\n2x{cpu:8,mem:32}\n1x{cpu:8,mem:lots}\n");
    assertThatThrownBy(() -> AgentsSpec.parseOrRead(f.toString()))
        .hasMessageStartingWith(f + ":3: ");
    Files.writeString(f, "# racks\n2x{cpu:8,mem:32}\n1x{cpu:16,mem:64,gpu:2}\n");
    List<AgentSpec> a = AgentsSpec.parseOrRead(f.toString());
    assertThat(a).hasSize(3);
    assertThat(a).extracting(AgentSpec::id).containsExactly("agent-0", "agent-1", "agent-2");
  }
}
