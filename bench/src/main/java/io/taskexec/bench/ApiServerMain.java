package io.taskexec.bench;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.ServerConfig;
import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.config.StateManagerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.place.AgentSpec;
import io.taskexec.server.TaskexecServer;
import io.taskexec.server.http.Tokens;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The server process of group h: a real taskexec server on loopback with a SQLite store in
 * {@code args[0]}, one token {@code bench-token} (submitter), one agent large enough that no-op
 * tasks never queue. Prints {@code port N}, then {@code heap USED_BYTES} every 100 ms, and exits
 * when its standard input closes.
 */
public final class ApiServerMain {
  private ApiServerMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    java.util.logging.Logger.getLogger("io.helidon").setLevel(java.util.logging.Level.WARNING);
    TaskExecutionConfig c = TaskExecutionConfig.DEFAULT.withServer(new ServerConfig("127.0.0.1", 0, true)
        .withTokens(List.of(new ApiToken("bench", Tokens.sha256Hex(ApiLoad.TOKEN), Set.of("submitter")))).withLimits(64L << 20, 100_000));
    EngineConfig e = c.engine();
    c = c.withEngine(new EngineConfig(e.workerPool(), e.resourceManager(), new StateManagerConfig("sqlite", Duration.ofSeconds(1), "data", null),
        e.errorHandling(), e.deadlinePolicy()));
    try (TaskexecServer server = TaskexecServer.start(c, Path.of(args[0]), b -> b.agent(AgentSpec.of("big", 100_000, 1_000_000, 1_000_000, 0)))) {
      System.out.println("port " + server.port());
      System.out.flush();
      Thread.ofPlatform().daemon().start(() -> {
        var mem = ManagementFactory.getMemoryMXBean();
        while (true) {
          System.out.println("heap " + mem.getHeapMemoryUsage().getUsed());
          System.out.flush();
          try {
            Thread.sleep(100);
          } catch (InterruptedException ex) {
            return;
          }
        }
      });
      while (System.in.read() >= 0) {
        // until the parent closes our stdin
      }
    }
  }
}
