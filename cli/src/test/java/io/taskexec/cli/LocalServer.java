package io.taskexec.cli;

import io.taskexec.config.ServerConfig;
import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.place.AgentSpec;
import io.taskexec.server.TaskexecServer;
import io.taskexec.server.http.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A real server on a free loopback port for the client commands' tests: a SQLite store under
 * {@code dir} written behind every 50 ms, one agent, and two tokens: {@code ops-token} (user
 * "ops", roles {@code opsRoles}) and {@code view-token} (user "dash", viewer).
 */
final class LocalServer {
  private LocalServer() {}

  static TaskexecServer start(Path dir, String... opsRoles) {
    List<ApiToken> tokens = List.of(new ApiToken("ops", Tokens.sha256Hex("ops-token"), Set.of(opsRoles)),
        new ApiToken("dash", Tokens.sha256Hex("view-token"), Set.of("viewer")));
    TaskExecutionConfig c = TaskExecutionConfig.DEFAULT.withServer(new ServerConfig("127.0.0.1", 0, true).withTokens(tokens));
    c = c.withEngine(c.engine().withStateManager(new StateManagerConfig("sqlite", Duration.ofMillis(50), "data", null)));
    return TaskexecServer.start(c, dir, b -> b.agent(AgentSpec.of("a1", 4, 16, 100, 0)));
  }
}
