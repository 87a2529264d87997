package io.taskexec.server.http;

import static io.taskexec.server.Fixtures.noop;
import static io.taskexec.server.Fixtures.shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskexec.server.Running;
import io.taskexec.server.Running.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route the server answers, from its own route table, with no token, a wrong token and
 * a role that is too weak: each answer is 401 or 403, a problem document, and holds no data.
 */
class AccessControlTest {
  static final Set<String> PROBLEM_KEYS = Set.of("type", "title", "status", "detail", "instance");
  static final String SECRET_TASK = "secret-task-7f3a";

  @TempDir static Path dir;
  static Running r;

  @BeforeAll
  static void start() {
    r = Running.start(dir);
    assertThat(r.postJson("/api/v1/tasks?run=run-secret", "admin", noop(SECRET_TASK)).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    r.close();
  }

  @Test
  void every_route_but_health_and_readiness_needs_a_token() {
    List<Route> routes = r.server.api().routes();
    assertThat(routes).hasSizeGreaterThan(20);
    assertThat(routes).extracting(Route::path).contains("/api/v1/alerts", "/api/v1/tasks/{id}/explain", "/api/v1/reports/{id}");
    List<String> publicRoutes = new ArrayList<>();
    for (Route route : routes) {
      if (route.access() == Access.PUBLIC) {
        publicRoutes.add(route.path());
        continue;
      }
      String path = route.path().replace("{id}", route.path().contains("/runs/") ? "run-secret" : SECRET_TASK);
      refused(route, call(route, path, null), 401);
      refused(route, call(route, path, "Bearer wrong-token"), 401);
      refused(route, call(route, path, "Basic YWRtaW46YWRtaW4="), 401);
      refused(route, call(route, path, "Bearer " + "viewer-token".toUpperCase()), 401);
      for (String weak : weaker(route.access())) refused(route, call(route, path, "Bearer " + weak + "-token"), 403);
    }
    assertThat(publicRoutes).containsExactlyInAnyOrder("/health", "/ready");
  }

  /** The roles that must not pass a route's check. */
  private static List<String> weaker(Access access) {
    return switch (access) {
      case PUBLIC -> List.of();
      case VIEWER -> List.of("none");
      case SUBMITTER -> List.of("none", "viewer", "agent");
      case ADMIN -> List.of("none", "viewer", "agent", "submitter", "shell");
    };
  }

  private static Response call(Route route, String path, String authorization) {
    HttpRequest.Builder b = r.request(path, null);
    if (authorization != null) b.header("Authorization", authorization);
    if (route.method().equals("POST")) b.header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(noop("sneaky")));
    else b.GET();
    return r.send(b.build());
  }

  private static void refused(Route route, Response res, int status) {
    String what = route.method() + " " + route.path();
    assertThat(res.status()).as(what).isEqualTo(status);
    assertThat(res.contentType()).as(what).isEqualTo("application/problem+json");
    JsonNode doc = res.json();
    assertThat(doc.path("status").asInt()).as(what).isEqualTo(status);
    for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) assertThat(PROBLEM_KEYS).as(what).contains(it.next());
    String withoutInstance = ((com.fasterxml.jackson.databind.node.ObjectNode) doc.deepCopy()).without("instance").toString();
    assertThat(withoutInstance).as(what + " leaks no data").doesNotContain(SECRET_TASK).doesNotContain("noop")
        .doesNotContain("run-secret");
    assertThat(r.server.engine().task("sneaky")).as(what + " submitted nothing").isEmpty();
  }

  @Test
  void health_and_readiness_answer_without_a_token() {
    assertThat(r.get("/health", null).status()).isEqualTo(200);
    assertThat(r.get("/ready", null).json().path("status").asText()).isEqualTo("READY");
  }

  @Test
  void each_role_can_do_what_it_is_for() {
    assertThat(r.get("/api/v1/tasks/" + SECRET_TASK, "viewer").status()).isEqualTo(200);
    assertThat(r.get("/api/v1/agents", "agent").status()).isEqualTo(200);
    assertThat(r.postJson("/api/v1/tasks", "submitter", noop("by-submitter")).status()).isEqualTo(201);
    assertThat(r.get("/api/v1/tokens", "admin").json().path("items").toString()).contains("viewer").doesNotContain("sha256");
    assertThat(r.get("/api/v1/whoami", "shell").json().path("roles").toString()).isEqualTo("[\"shell\",\"submitter\"]");
  }

  @Test
  void shell_tasks_need_the_shell_permission() {
    Response denied = r.postJson("/api/v1/tasks", "submitter", shell("sh-1", "echo hi"));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().path("errors").get(0).path("path").asText()).isEqualTo("type");
    assertThat(r.server.engine().task("sh-1")).isEmpty();
    Response batch = r.post("/api/v1/runs", "submitter", "application/yaml",
        "tasks:\n  - {id: ok-1, type: noop, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}\n"
            + "  - {id: sh-2, type: shell, command: id, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}\n");
    assertThat(batch.status()).isEqualTo(403);
    assertThat(batch.json().path("errors").get(0).path("path").asText()).isEqualTo("tasks[1].type");
    assertThat(batch.json().path("errors").get(0).path("line").asInt()).isEqualTo(3);
    assertThat(r.server.engine().task("ok-1")).as("nothing of the batch").isEmpty();
    assertThat(r.postJson("/api/v1/tasks", "shell", shell("sh-3", "echo hi")).status()).isEqualTo(201);
  }
}
