package io.taskexec.server.http;

import static io.taskexec.server.Fixtures.awaitState;
import static io.taskexec.server.Fixtures.noop;
import static io.taskexec.server.Fixtures.shell;
import static io.taskexec.server.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskexec.server.Running;
import io.taskexec.server.Running.Response;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submitting, reading, filtering, paging, cancelling and retrying tasks through the API of a real server. */
class TaskApiTest {
  @TempDir Path dir;

  @Test
  void a_submitted_task_runs_and_its_attempts_events_and_logs_can_be_read() {
    try (Running r = Running.start(dir)) {
      Response created = r.postJson("/api/v1/tasks", "shell", shell("hello", "echo hello from $TASKEXEC_TASK_ID; echo oops >&2"));
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().path("id").asText()).isEqualTo("hello");
      awaitState(r, "hello", TaskState.SUCCEEDED);
      JsonNode t = r.get("/api/v1/tasks/hello", "viewer").json();
      assertThat(t.path("attempts").get(0).path("exit_code").asInt()).isZero();
      assertThat(t.path("spec").path("params").path("command").asText()).startsWith("echo hello");
      assertThat(t.path("agent").asText()).isEqualTo("agent-1");
      assertThat(r.get("/api/v1/tasks/hello/logs", "viewer").body()).startsWith("hello from");
      assertThat(r.get("/api/v1/tasks/hello/logs?stream=stderr&attempt=1", "viewer").body()).isEqualTo("oops\n");
      List<String> types = new ArrayList<>();
      r.get("/api/v1/tasks/hello/events", "viewer").json().path("items").forEach(e -> types.add(e.path("type").asText()));
      assertThat(types).containsSubsequence("SUBMITTED", "READY", "PLACED", "STARTED", "SUCCEEDED");
    }
  }

  @Test
  void a_yaml_task_file_is_one_run_with_its_dependency_graph() {
    try (Running r = Running.start(dir)) {
      String file = """
          tasks:
            - {id: extract, type: noop, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
            - {id: load, type: noop, dependencies: [extract], requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          """;
      Response res = r.post("/api/v1/runs?name=etl.yaml", "submitter", "application/yaml", file);
      assertThat(res.status()).isEqualTo(201);
      String run = res.json().path("run").asText();
      assertThat(run).startsWith("run-");
      assertThat(res.json().path("task_ids").toString()).isEqualTo("[\"extract\",\"load\"]");
      awaitState(r, "load", TaskState.SUCCEEDED);
      JsonNode view = r.get("/api/v1/runs/" + run, "viewer").json();
      assertThat(view.path("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(view.path("tasks").get(1).path("depends_on").toString()).isEqualTo("[\"extract\"]");
      assertThat(view.path("tasks").get(1).path("attempts").get(0).path("started_at").asText()).isNotEmpty();
      assertThat(r.get("/api/v1/runs", "viewer").json().path("items").get(0).path("id").asText()).isEqualTo(run);
      assertThat(r.post("/api/v1/runs?name=etl.yaml", "submitter", "application/yaml", file).status())
          .as("the same file again is the same run, accepted again").isEqualTo(201);
      assertThat(r.get("/api/v1/tasks?run=" + run, "viewer").json().path("total").asInt()).isEqualTo(2);
    }
  }

  @Test
  void tasks_are_filtered_and_paged_with_a_cursor_without_gaps_or_repeats() {
    try (Running r = Running.start(dir)) {
      StringBuilder batch = new StringBuilder("{\"tasks\": [");
      for (int i = 0; i < 25; i++) batch.append(i == 0 ? "" : ",").append(i % 5 == 0 ? sleep("t" + i, "60s") : noop("t" + i));
      assertThat(r.postJson("/api/v1/runs", "submitter", batch + "]}").status()).isEqualTo(201);
      awaitState(r, "t24", TaskState.SUCCEEDED);
      Set<String> seen = new HashSet<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonNode page = r.get("/api/v1/tasks?limit=7&type=noop" + (cursor == null ? "" : "&cursor=" + cursor), "viewer").json();
        page.path("items").forEach(t -> assertThat(seen.add(t.path("id").asText())).isTrue());
        assertThat(page.path("total").asInt()).isEqualTo(20);
        cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        pages++;
      } while (cursor != null);
      assertThat(seen).hasSize(20);
      assertThat(pages).isEqualTo(3);
      JsonNode sleeping = r.get("/api/v1/tasks?state=running,placed,ready&agent=agent-1", "viewer").json();
      assertThat(sleeping.path("total").asInt()).isEqualTo(5);
      assertThat(sleeping.path("counts").path("SUCCEEDED").asInt()).as("counts ignore the state filter").isEqualTo(20);
      assertThat(r.get("/api/v1/tasks?since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z", "viewer").json()
          .path("total").asInt()).isZero();
      JsonNode agents = r.get("/api/v1/agents", "viewer").json().path("items").get(0);
      assertThat(agents.path("allocated").path("cpu_cores").asDouble()).isEqualTo(5.0);
      assertThat(agents.path("capacity").path("cpu_cores").asDouble()).isEqualTo(8.0);
      assertThat(agents.path("tasks")).hasSize(5);
    }
  }

  @Test
  void a_running_task_is_cancelled_and_a_failed_one_retried_as_a_new_task() {
    try (Running r = Running.start(dir)) {
      r.postJson("/api/v1/tasks", "submitter", sleep("slow", "60s"));
      awaitState(r, "slow", TaskState.RUNNING);
      assertThat(r.postJson("/api/v1/tasks/slow/cancel", "submitter", "").status()).isEqualTo(202);
      awaitState(r, "slow", TaskState.CANCELLED);
      assertThat(r.postJson("/api/v1/tasks/slow/cancel", "submitter", "").status()).isEqualTo(409);
      Response retried = r.postJson("/api/v1/tasks/slow/retry", "submitter", "");
      assertThat(retried.status()).isEqualTo(201);
      assertThat(retried.json().path("id").asText()).isEqualTo("slow-retry-1");
      JsonNode spec = r.get("/api/v1/tasks/slow-retry-1", "viewer").json().path("spec");
      assertThat(spec.path("metadata").path("retry_of").asText()).isEqualTo("slow");
      assertThat(spec.path("params").path("duration").asText()).isEqualTo("60s");
      assertThat(r.postJson("/api/v1/tasks/slow-retry-1/retry", "submitter", "").status()).as("not ended").isEqualTo(409);
    }
  }

  @Test
  void a_report_is_generated_indexed_and_downloaded() {
    try (Running r = Running.start(dir)) {
      r.postJson("/api/v1/tasks", "submitter", noop("reported"));
      awaitState(r, "reported", TaskState.SUCCEEDED);
      Response made = r.postJson("/api/v1/reports?kind=run&format=html", "submitter", "");
      assertThat(made.status()).as(made.body()).isEqualTo(201);
      String href = made.json().path("items").get(0).path("href").asText();
      assertThat(r.get("/api/v1/reports", "viewer").json().path("items").get(0).path("href").asText()).isEqualTo(href);
      Response file = r.get(href, "viewer");
      assertThat(file.status()).isEqualTo(200);
      assertThat(file.contentType()).startsWith("text/html");
      assertThat(file.body()).contains("<html").contains("reported");
    }
  }

  @Test
  void tasks_survive_a_restart_of_the_server_on_the_same_store() {
    try (Running r = Running.start(dir)) {
      assertThat(r.postJson("/api/v1/tasks", "submitter", noop("durable")).status()).isEqualTo(201);
      awaitState(r, "durable", TaskState.SUCCEEDED);
    }
    try (Running r = Running.start(dir)) {
      assertThat(r.get("/api/v1/tasks/durable", "viewer").json().path("state").asText()).isEqualTo("SUCCEEDED");
    }
  }

}
