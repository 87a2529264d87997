package io.taskexec.server.http;

import static io.taskexec.server.Fixtures.noop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskexec.server.Running;
import io.taskexec.server.Running.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get a 4xx problem document that says where and what; nothing of them is accepted. */
class BadRequestTest {
  @TempDir static Path dir;
  static Running r;

  @BeforeAll
  static void start() {
    r = Running.start(dir, s -> s.withLimits(64 * 1024, 50), b -> {});
  }

  @AfterAll
  static void stop() {
    r.close();
  }

  @Test
  void malformed_json_names_the_line_and_column() {
    Response res = r.postJson("/api/v1/runs", "submitter", "{\"tasks\": [\n  {\"id\": \"a\", \"type\": \"noop\",,}\n]}");
    assertThat(res.status()).isEqualTo(422);
    assertThat(res.contentType()).isEqualTo("application/problem+json");
    JsonNode e = res.json().path("errors").get(0);
    assertThat(e.path("line").asInt()).isEqualTo(2);
    assertThat(e.path("column").asInt()).isGreaterThan(20);
    assertThat(e.path("source").asText()).isEqualTo("<api>");
  }

  @Test
  void wrong_types_and_unknown_fields_are_reported_with_their_paths() {
    Response res = r.postJson("/api/v1/tasks", "submitter",
        "{\"id\": \"x\", \"type\": \"noop\", \"priority\": \"high\", \"colour\": 1,\n \"requirements\": {\"cpu_cores\": \"two\", \"memory_gb\": 1, \"storage_gb\": 1}}");
    assertThat(res.status()).isEqualTo(422);
    List<String> paths = new ArrayList<>();
    res.json().path("errors").forEach(e -> paths.add(e.path("path").asText()));
    assertThat(paths).containsExactlyInAnyOrder("priority", "colour", "requirements.cpu_cores");
    JsonNode cpu = res.json().path("errors").get(2);
    assertThat(cpu.path("line").asInt()).isEqualTo(2);
    assertThat(cpu.path("message").asText()).contains("cpu_cores must be a number");
    assertThat(r.server.engine().task("x")).isEmpty();
  }

  @Test
  void a_single_task_reports_columns_as_sent() {
    Response res = r.postJson("/api/v1/tasks", "submitter", "{\"id\": \"y\", \"type\": \"noop\", \"requirements\": {\"cpu_cores\": -1, \"memory_gb\": 1, \"storage_gb\": 1}}");
    assertThat(res.status()).isEqualTo(422);
    JsonNode e = res.json().path("errors").get(0);
    assertThat(e.path("path").asText()).isEqualTo("requirements.cpu_cores");
    assertThat(e.path("line").asInt()).isEqualTo(1);
    assertThat(e.path("column").asInt()).as("the column of -1 in the body").isEqualTo(59);
  }

  @Test
  void a_body_over_the_limit_is_refused_without_reading_it_all() {
    String huge = "{\"tasks\": [" + "x".repeat(70 * 1024) + "]}";
    Response res = r.postJson("/api/v1/runs", "submitter", huge);
    assertThat(res.status()).isEqualTo(413);
    assertThat(res.json().path("detail").asText()).contains("65536 bytes").contains("max_body_size");
  }

  @Test
  void too_many_tasks_at_once_are_refused_as_a_whole() {
    StringBuilder b = new StringBuilder("{\"tasks\": [");
    for (int i = 0; i < 51; i++) b.append(i == 0 ? "" : ",").append(noop("many-" + i));
    Response res = r.postJson("/api/v1/runs", "submitter", b + "]}");
    assertThat(res.status()).isEqualTo(413);
    assertThat(res.json().path("detail").asText()).contains("51 tasks").contains("max_batch_tasks");
    assertThat(r.server.engine().task("many-0")).isEmpty();
  }

  @Test
  void other_mistakes_have_their_own_status() {
    assertThat(r.post("/api/v1/tasks", "submitter", "text/csv", "a,b").status()).isEqualTo(415);
    assertThat(r.postJson("/api/v1/tasks", "submitter", "").status()).isEqualTo(400);
    assertThat(r.postJson("/api/v1/runs", "submitter", "{\"tasks\": [], \"config\": {}}").status()).isEqualTo(422);
    assertThat(r.get("/api/v1/tasks?limit=5000", "viewer").json().path("errors").get(0).path("path").asText()).isEqualTo("limit");
    assertThat(r.get("/api/v1/nothing-here", "viewer").status()).isEqualTo(404);
    assertThat(r.postJson("/api/v1/tasks", "submitter", noop("dup")).status()).isEqualTo(201);
    Response conflict = r.postJson("/api/v1/tasks", "submitter", noop("dup").replace("\"cpu_cores\": 1", "\"cpu_cores\": 2"));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().path("detail").asText()).contains("dup");
  }

  @Test
  void the_server_keeps_serving_good_requests_while_bad_ones_pour_in() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> bad = new ArrayList<>();
      List<Future<Integer>> good = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        Callable<Integer> junk = switch (n % 4) {
          case 0 -> () -> r.postJson("/api/v1/runs", "submitter", "{\"tasks\": [" + "y".repeat(80 * 1024)).status();
          case 1 -> () -> r.postJson("/api/v1/runs", "submitter", "{\"tasks\": [{\"id\": ").status();
          case 2 -> () -> r.postJson("/api/v1/tasks", "submitter", "[1, 2, 3]").status();
          default -> () -> r.postJson("/api/v1/tasks", null, noop("anon-" + n)).status();
        };
        bad.add(pool.submit(junk));
        if (n % 5 == 0) good.add(pool.submit(() -> r.postJson("/api/v1/tasks", "submitter", noop("good-" + n)).status()));
      }
      for (Future<Integer> f : bad) assertThat(f.get()).isBetween(400, 499);
      for (Future<Integer> f : good) assertThat(f.get()).isEqualTo(201);
      assertThat(r.get("/api/v1/tasks?limit=1000", "viewer").json().path("items").findValuesAsText("id"))
          .filteredOn(id -> id.startsWith("good-")).hasSize(40);
      assertThat(r.get("/health", null).status()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }
}
