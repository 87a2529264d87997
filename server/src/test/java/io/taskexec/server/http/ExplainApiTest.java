package io.taskexec.server.http;

import static io.taskexec.server.Fixtures.awaitState;
import static io.taskexec.server.Fixtures.noop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskexec.place.AgentSpec;
import io.taskexec.server.Running;
import io.taskexec.server.Scenarios;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/tasks/{id}/explain} on a real server: the ordered reasons a task waits,
 * computed from the live engine with the rules of {@code taskexec explain}.
 */
class ExplainApiTest {
  @TempDir Path dir;

  @Test
  void a_task_waiting_on_a_dependency_and_on_cpu_gets_both_reasons_in_order() {
    try (Running r = Running.start(dir)) {
      assertThat(r.postYaml("/api/v1/runs?run=waits", "submitter", Scenarios.WAITING_RUN).status()).isEqualTo(201);
      awaitState(r, "blocker", TaskState.RUNNING);

      JsonNode after = r.get("/api/v1/tasks/after/explain", "viewer").json();
      assertThat(after.path("state").asText()).isEqualTo("PENDING");
      assertThat(after.path("waiting").asBoolean()).isTrue();
      assertThat(kinds(after)).containsExactly("dependency", "resource");
      JsonNode dep = after.path("reasons").get(0);
      assertThat(dep.path("upstream").asText()).isEqualTo("blocker");
      assertThat(dep.path("condition").asText()).isEqualTo("completion");
      assertThat(dep.path("upstream_state").asText()).isEqualTo("RUNNING");
      assertThat(dep.path("message").asText()).isEqualTo(
          "waits for task 'blocker' to succeed (condition completion); it is RUNNING");
      cpuShort(after.path("reasons").get(1));
      assertThat(after.path("summary").asText()).isEqualTo("task 'after' is PENDING; it waits because of 2 reasons");

      JsonNode big = r.get("/api/v1/tasks/big/explain", "viewer").json();
      assertThat(big.path("state").asText()).isIn("READY", "PENDING");
      assertThat(kinds(big)).containsExactly("resource");
      cpuShort(big.path("reasons").get(0));
      assertThat(big.path("reasons").get(0).path("message").asText()).isEqualTo("not enough cpu: needs 4 cores; the closest"
          + " agent, 'agent-1', has 2.60 cores free (short by 1.40 cores); the most free on any agent is 2.60 cores");

      JsonNode blocker = r.get("/api/v1/tasks/blocker/explain", "viewer").json();
      assertThat(blocker.path("waiting").asBoolean()).isFalse();
      assertThat(blocker.path("reasons")).isEmpty();
      assertThat(blocker.path("summary").asText()).isEqualTo("task 'blocker' is RUNNING");
    }
  }

  /**
   * A task no agent could ever hold never waits on a server: admission refuses it, and the engine
   * ends the waiting ones when the agent that could hold them leaves (never_fits is then for the
   * store of a stopped run, {@code taskexec explain}).
   */
  @Test
  void a_task_too_big_for_every_agent_is_refused_at_admission_and_ended_when_the_big_agent_leaves() throws Exception {
    try (Running r = Running.start(dir)) {
      String huge = "{\"id\": \"huge\", \"type\": \"noop\", \"requirements\": {\"cpu_cores\": 16, \"memory_gb\": 1, \"storage_gb\": 1}}";
      Running.Response refused = r.postJson("/api/v1/tasks", "submitter", huge);
      assertThat(refused.status()).as(refused.body()).isEqualTo(422);

      assertThat(r.postYaml("/api/v1/runs?run=waits", "submitter", Scenarios.WAITING_RUN).status()).isEqualTo(201);
      awaitState(r, "blocker", TaskState.RUNNING);
      r.server.engine().addAgent(AgentSpec.of("agent-2", 2, 8, 10, 0));
      r.server.engine().removeAgent("agent-1", "maintenance").get(10, TimeUnit.SECONDS);
      awaitState(r, "big", TaskState.FAILED);
      JsonNode e = r.get("/api/v1/tasks/big/explain", "viewer").json();
      assertThat(e.path("reasons")).isEmpty();
      assertThat(e.path("summary").asText()).isEqualTo("task 'big' has ended: FAILED");
    }
  }

  @Test
  void an_ended_task_has_no_reasons_and_an_unknown_one_is_404() {
    try (Running r = Running.start(dir)) {
      assertThat(r.postJson("/api/v1/tasks", "submitter", noop("quick")).status()).isEqualTo(201);
      awaitState(r, "quick", TaskState.SUCCEEDED);
      JsonNode e = r.get("/api/v1/tasks/quick/explain", "viewer").json();
      assertThat(e.path("reasons")).isEmpty();
      assertThat(e.path("waiting").asBoolean()).isFalse();
      assertThat(e.path("summary").asText()).isEqualTo("task 'quick' has ended: SUCCEEDED");
      Running.Response missing = r.get("/api/v1/tasks/nope/explain", "viewer");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.contentType()).startsWith("application/problem+json");
    }
  }

  private static void cpuShort(JsonNode reason) {
    assertThat(reason.path("kind").asText()).isEqualTo("resource");
    assertThat(reason.path("resource").asText()).isEqualTo("cpu");
    assertThat(reason.path("needed").asDouble()).isEqualTo(4.0);
    assertThat(reason.path("closest_agent").asText()).isEqualTo("agent-1");
    assertThat(reason.path("free_there").asDouble()).as("9.6 schedulable − 7 held").isCloseTo(2.6, within(1e-9));
    assertThat(reason.path("shortfall").asDouble()).isCloseTo(1.4, within(1e-9));
  }

  private static List<String> kinds(JsonNode explanation) {
    List<String> out = new ArrayList<>();
    explanation.path("reasons").forEach(n -> out.add(n.path("kind").asText()));
    return out;
  }
}
