package io.taskexec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.config.EngineConfig;
import io.taskexec.config.ServerConfig;
import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.EngineBuilder;
import io.taskexec.place.AgentSpec;
import io.taskexec.server.http.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A real server for tests: a SQLite store in its own temp directory, one 8-core agent, a token per
 * role ({@code viewer-token}, {@code submitter-token}, {@code admin-token}, {@code shell-token}
 * (submitter + shell), {@code agent-token}, {@code none-token} with no role), and a JSON client.
 */
public final class Running implements AutoCloseable {
  public static final Map<String, Set<String>> TOKENS = Map.of("viewer", Set.of("viewer"), "submitter", Set.of("submitter"),
      "admin", Set.of("admin"), "shell", Set.of("submitter", "shell"), "agent", Set.of("agent"), "none", Set.of());
  static final ObjectMapper JSON = new ObjectMapper();

  public final TaskexecServer server;
  public final Path dir;
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Running(TaskexecServer server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  public static Running start(Path dir) {
    return start(dir, s -> s, b -> {});
  }

  public static Running start(Path dir, UnaryOperator<ServerConfig> server, Consumer<EngineBuilder> engine) {
    return start(dir, server, engine, c -> c);
  }

  /** As {@link #start(Path, UnaryOperator, Consumer)}, with last changes to the whole configuration (monitoring...). */
  public static Running start(Path dir, UnaryOperator<ServerConfig> server, Consumer<EngineBuilder> engine,
      UnaryOperator<TaskExecutionConfig> config) {
    List<ApiToken> tokens = TOKENS.entrySet().stream()
        .map(e -> new ApiToken(e.getKey(), Tokens.sha256Hex(e.getKey() + "-token"), e.getValue())).toList();
    ServerConfig sc = server.apply(new ServerConfig("127.0.0.1", 0, true).withTokens(tokens));
    TaskExecutionConfig c = TaskExecutionConfig.DEFAULT.withServer(sc);
    var e = c.engine();
    c = c.withEngine(new EngineConfig(e.workerPool(), e.resourceManager(),
        new StateManagerConfig("sqlite", Duration.ofMillis(50), "data", null), e.errorHandling(), e.deadlinePolicy()));
    Consumer<EngineBuilder> agent = b -> b.agent(AgentSpec.of("agent-1", 8, 32, 100, 0));
    return new Running(TaskexecServer.start(config.apply(c), dir, agent.andThen(engine)), dir);
  }

  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  public Response get(String path, String role) {
    return send(request(path, role).GET().build());
  }

  public Response post(String path, String role, String contentType, String body) {
    HttpRequest.Builder b = request(path, role).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) b.header("Content-Type", contentType);
    return send(b.build());
  }

  /** Submits a task file (YAML) as one run; returns the answer. */
  public Response postYaml(String path, String role, String yaml) {
    return post(path, role, "application/yaml", yaml);
  }

  public Response postJson(String path, String role, String body) {
    return post(path, role, "application/json", body);
  }

  public HttpRequest.Builder request(String path, String role) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (role != null) b.header("Authorization", "Bearer " + role + "-token");
    return b;
  }

  public Response send(HttpRequest r) {
    try {
      HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
      return new Response(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer: status, content type, body. */
  public record Response(int status, String contentType, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
