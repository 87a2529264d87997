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
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document served at /openapi.json matches the server: every implemented route is
 * documented with its access, every documented operation exists and answers with a status and a
 * content type the document lists.
 */
class OpenApiTest {
  @TempDir static Path dir;
  static Running r;
  static JsonNode doc;

  @BeforeAll
  static void start() {
    r = Running.start(dir);
    doc = r.get("/openapi.json", "viewer").json();
  }

  @AfterAll
  static void stop() {
    r.close();
  }

  @Test
  void the_document_lists_exactly_the_routes_the_server_answers() {
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> e = p.next();
      for (Iterator<String> m = e.getValue().fieldNames(); m.hasNext(); ) documented.add(m.next().toUpperCase() + " " + e.getKey());
    }
    Set<String> implemented = new TreeSet<>();
    for (Route route : r.server.api().routes()) implemented.add(route.method() + " " + route.path());
    assertThat(documented).isEqualTo(implemented);
  }

  @Test
  void each_operation_documents_the_access_it_needs() {
    for (Route route : r.server.api().routes()) {
      JsonNode op = op(route.method(), route.path());
      assertThat(op.path("x-access").asText()).as(route.path()).isEqualTo(route.access().wireName());
      assertThat(op.path("security").isEmpty()).as(route.path() + " security").isEqualTo(route.access() == Access.PUBLIC);
      if (route.access() != Access.PUBLIC) assertThat(op.path("responses").has("401") && op.path("responses").has("403")).isTrue();
    }
  }

  @Test
  void every_documented_operation_answers_as_documented() throws Exception {
    assertThat(r.postJson("/api/v1/runs?run=run-a", "admin", "{\"tasks\": [" + noop("done-1") + ", "
        + shell("fails", "echo out; echo err >&2; exit 3") + "]}").status()).isEqualTo(201);
    awaitState(r, "done-1", TaskState.SUCCEEDED);
    awaitState(r, "fails", TaskState.FAILED);
    Map<String, List<Call>> calls = Map.ofEntries(
        Map.entry("POST /api/v1/tasks", List.of(new Call("", noop("new-1"), 201), new Call("", "{\"type\": 3}", 422),
            new Call("", sleep("new-1", "1s"), 409), new Call("", "", 400))),
        Map.entry("POST /api/v1/runs", List.of(new Call("", "{\"tasks\": [" + noop("new-2") + "]}", 201), new Call("", "{\"tasks\": [", 422))),
        Map.entry("POST /api/v1/tasks/{id}/cancel", List.of(new Call("long", 202), new Call("done-1", 409), new Call("nope", 404))),
        Map.entry("POST /api/v1/tasks/{id}/retry", List.of(new Call("fails", 201), new Call("done-1", 409), new Call("nope", 404))),
        Map.entry("POST /api/v1/runs/{id}/cancel", List.of(new Call("run-a", 202), new Call("nope", 404))),
        Map.entry("GET /api/v1/tasks/{id}", List.of(new Call("done-1", 200), new Call("nope", 404))),
        Map.entry("GET /api/v1/tasks/{id}/events", List.of(new Call("done-1", 200), new Call("nope", 404))),
        Map.entry("GET /api/v1/tasks/{id}/logs", List.of(new Call("fails?stream=stderr", 200), new Call("fails?attempt=x", 400), new Call("done-1", 404))),
        Map.entry("GET /api/v1/runs/{id}", List.of(new Call("run-a", 200), new Call("nope", 404))),
        Map.entry("POST /api/v1/reports", List.of(new Call("?kind=run&format=json", 201), new Call("?kind=task&task=done-1&format=html", 201),
            new Call("?kind=weekly", 400), new Call("?kind=task&task=nope", 422))),
        Map.entry("GET /api/v1/reports/{id}", List.of(new Call("nope", 404), new Call("x", 200))),
        Map.entry("GET /api/v1/tasks", List.of(new Call("?state=FAILED", 200), new Call("?state=LOST", 400))),
        Map.entry("GET /api/v1/runs", List.of(new Call("", 200), new Call("?limit=0", 400))),
        Map.entry("GET /api/v1/tasks/{id}/explain", List.of(new Call("done-1", 200), new Call("nope", 404))),
        Map.entry("GET /api/v1/alerts", List.of(new Call("", 200), new Call("?state=firing", 200), new Call("?state=hot", 400))));
    List<String> checked = new ArrayList<>();
    for (Route route : r.server.api().routes()) {
      String key = route.method() + " " + route.path();
      if (key.equals("POST /api/v1/tasks/{id}/cancel")) {
        r.postJson("/api/v1/tasks", "admin", sleep("long", "60s"));
        awaitState(r, "long", TaskState.RUNNING);
      }
      for (Call c : calls.getOrDefault(key, List.of(new Call("", 200)))) {
        String id = c.arg().contains("?") ? c.arg().substring(0, c.arg().indexOf('?')) : c.arg();
        String query = c.arg().substring(id.length());
        String path = route.path().contains("{id}") ? route.path().replace("{id}", id) + query : route.path() + c.arg();
        if (route.path().equals("/api/v1/reports/{id}") && c.status() == 200) path = route.path().replace("{id}", reportId());
        int status;
        String type;
        if (route.path().equals("/api/v1/events")) {
          HttpResponse<InputStream> res = r.http.send(r.request(path, "admin").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
          status = res.statusCode();
          type = res.headers().firstValue("Content-Type").orElse("");
          res.body().close();
        } else {
          Response res = route.method().equals("POST") ? r.postJson(path, "admin", c.body()) : r.get(path, "admin");
          status = res.status();
          type = res.contentType();
        }
        assertThat(status).as(key + " " + c).isEqualTo(c.status());
        JsonNode response = op(route.method(), route.path()).path("responses").path(Integer.toString(status));
        assertThat(response.isMissingNode()).as(key + " documents " + status).isFalse();
        if (response.has("content")) {
          Set<String> types = new TreeSet<>();
          response.path("content").fieldNames().forEachRemaining(types::add);
          String base = type.split(";")[0].trim();
          assertThat(types.contains(base) || types.contains("application/octet-stream") || base.startsWith("text/plain") && types.contains("text/plain"))
              .as(key + " " + status + " answers " + type + ", documented " + types).isTrue();
        }
        checked.add(key + " " + status);
      }
    }
    assertThat(checked).hasSizeGreaterThan(r.server.api().routes().size());
  }

  /** The id of a report generated by the POST above. */
  private static String reportId() {
    return r.get("/api/v1/reports", "viewer").json().path("items").get(0).path("id").asText();
  }

  private record Call(String arg, String body, int status) {
    Call(String arg, int status) {
      this(arg, "", status);
    }
  }

  private static JsonNode op(String method, String path) {
    return doc.path("paths").path(path).path(method.toLowerCase());
  }

  @Test
  void the_document_is_openapi_3() {
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
  }

}
