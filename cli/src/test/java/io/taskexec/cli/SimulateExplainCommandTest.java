package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.place.AgentSpec;
import io.taskexec.store.StoredTask;
import io.taskexec.store.jdbc.SqliteStateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskexec simulate} on small files of each kind, and {@code taskexec explain} on a stored run. */
class SimulateExplainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void simulatePrintsTheMeasurementsOfAGraph() throws IOException {
    Path stg = Files.writeString(tmp.resolve("g.stg"), "3\n0 0 0\n1 4 1 0\n2 6 1 0\n3 5 1 1\n4 0 2 2 3\n");
    Cli cli = Cli.run("simulate", stg.toString(), "--agents", "2x{cpu:1,mem:1}");
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).contains("simulated g.stg (stg, 5 tasks, 5 edges)")
        .containsPattern("makespan +9.00 s\n")
        .containsPattern("utilisation +cpu 83.3%, memory 0.0%\n")
        .containsPattern("deadline misses +0 of 0 with a deadline\n")
        .containsPattern("wait \\(ready to start\\) +mean ")
        .containsPattern("scheduler cpu time +\\d");
    Cli json = Cli.run("simulate", stg.toString(), "--agents", "2x{cpu:1,mem:1}", "--json", "--strategy", "fifo");
    JsonNode root = JSON.readTree(json.out());
    assertThat(root.get("makespan_s").asDouble()).isEqualTo(9.0);
    assertThat(root.get("strategy").asText()).startsWith("fifo");
    assertThat(root.get("finished").asInt()).isEqualTo(5);
  }

  @Test
  void simulateAJobLogWithBackfilling() throws IOException {
    Path swf = Files.writeString(tmp.resolve("log.swf"), """
        ; MaxProcs: 4
        1 0 -1 100 2 -1 -1 2 -1 -1 1 1 1 -1 -1 -1 -1 -1
        2 1 -1 10 4 -1 -1 4 -1 -1 1 1 1 -1 -1 -1 -1 -1
        3 3 -1 50 2 -1 -1 2 -1 -1 1 1 1 -1 -1 -1 -1 -1
        """);
    JsonNode fcfs = JSON.readTree(Cli.run("simulate", swf.toString(), "--agents", "1x{cpu:4,mem:1}",
        "--strategy", "fcfs", "--json").out());
    JsonNode easy = JSON.readTree(Cli.run("simulate", swf.toString(), "--agents", "1x{cpu:4,mem:1}",
        "--strategy", "easy", "--json").out());
    assertThat(easy.get("mean_wait_s").asDouble()).isLessThan(fcfs.get("mean_wait_s").asDouble());
  }

  @Test
  void simulatePacksAGpuPodList() throws IOException {
    Path nodes = Files.writeString(tmp.resolve("nodes.csv"), "sn,cpu_milli,memory_mib,gpu,model\n"
        + "n0,8000,8192,1,T4\nn1,8000,8192,1,T4\n");
    Path pods = Files.writeString(tmp.resolve("pods.csv"), "name,cpu_milli,memory_mib,num_gpu,gpu_milli,"
        + "gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"
        + "a,1000,1024,1,500,,LS,Running,0,10,0\nb,1000,1024,1,500,,LS,Running,1,10,1\n"
        + "c,1000,1024,1,1000,,LS,Running,2,10,2\n");
    Cli cli = Cli.run("simulate", pods.toString(), "--agents", nodes.toString(), "--strategy", "fgd");
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).containsPattern("pods placed +3 of 3\n")
        .containsPattern("unallocated GPUs +0.0 of 2 \\(0.0%\\)");
  }

  @Test
  void simulateMistakesAreNamedWithoutAStackTrace() throws IOException {
    Path stg = Files.writeString(tmp.resolve("g.stg"), "1\n0 0 0\n1 x 1 0\n2 0 1 1\n");
    Cli bad = Cli.run("simulate", stg.toString(), "--agents", "2x{cpu:1}");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).contains(stg + ":line 3: 'x' is not an integer").doesNotContain("Exception");
    Path good = Files.writeString(tmp.resolve("ok.stg"), "1\n0 0 0\n1 3 1 0\n2 0 1 1\n");
    Cli agents = Cli.run("simulate", good.toString(), "--agents", "lots");
    assertThat(agents.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(agents.err()).contains("--agents: agent spec 'lots' is not of the form");
    Cli missing = Cli.run("simulate", tmp.resolve("none.json").toString(), "--agents", "1x{cpu:1}");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(missing.err()).contains("none.json: no such file");
  }

  @Test
  void explainGivesTheOrderedReasonsFromTheStore() throws IOException {
    // agents of 4 cores offer 4.8 with the default overcommit of 1.2
    Path f = tmp.resolve("run.yaml");
    Path dir = tmp.resolve("d/state/run.yaml");
    Files.createDirectories(dir);
    Instant t0 = Instant.parse("2025-01-01T12:00:00Z");
    try (SqliteStateStore store = new SqliteStateStore(dir.resolve(SqliteStateStore.FILE_NAME), Duration.ZERO)) {
      store.putAgent(AgentSpec.of("a1", 4, 16, 100, 0));
      store.putAgent(AgentSpec.of("a2", 4, 16, 100, 0));
      store.submit(List.of(
          new StoredTask(Task.builder("build", "noop").cpu(3).memoryGb(1).build(), 1, t0),
          new StoredTask(Task.builder("big", "noop").cpu(4).memoryGb(1).build(), 2, t0),
          new StoredTask(Task.builder("deploy", "noop").cpu(2).memoryGb(1).after("build").build(), 3, t0),
          new StoredTask(Task.builder("huge", "noop").cpu(64).memoryGb(1).build(), 4, t0)));
      store.append(List.of(
          TaskEvent.of(1, "build", 0, EventType.SUBMITTED, TaskState.PENDING, t0),
          new TaskEvent(2, "build", 1, EventType.PLACED, TaskState.PLACED, t0, "a1", null, null, null, null),
          new TaskEvent(3, "build", 1, EventType.STARTED, TaskState.RUNNING, t0, "a1", null, null, null, null),
          new TaskEvent(4, "big", 1, EventType.PLACED, TaskState.PLACED, t0, "a2", null, null, null, null),
          new TaskEvent(5, "big", 1, EventType.STARTED, TaskState.RUNNING, t0, "a2", null, null, null, null)));
      store.flush();
    }
    String data = tmp.resolve("d").toString();
    Cli deploy = Cli.run("explain", f.toString(), "deploy", "--data-dir", data);
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(deploy.out()).isEqualTo("""
        task 'deploy' is PENDING; it waits because:
          1. waits for task 'build' to succeed (condition completion); it is RUNNING
          2. not enough cpu: needs 2 cores; the closest agent, 'a1', has 1.80 cores free (short by 0.20 cores);\
         the most free on any agent is 1.80 cores
        """);
    Cli huge = Cli.run("explain", f.toString(), "huge", "--data-dir", data, "--json");
    JsonNode reasons = JSON.readTree(huge.out()).get("reasons");
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0).get("kind").asText()).isEqualTo("never_fits");
    assertThat(reasons.get(0).get("needed").asDouble()).isEqualTo(64.0);
    Cli running = Cli.run("explain", f.toString(), "build", "--data-dir", data);
    assertThat(running.out()).isEqualTo("task 'build' is RUNNING\n");
    Cli unknown = Cli.run("explain", f.toString(), "ghost", "--data-dir", data);
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("no task 'ghost' in the stored run of");
  }
}
