package io.taskexec.cli;

import io.taskexec.TaskexecException;
import io.taskexec.config.ServerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.ingest.IngestException;
import io.taskexec.server.TaskexecServer;
import io.taskexec.server.http.Tokens;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskexec server --config F}: the coordinator. Opens the store of {@code engine.state_manager}
 * (tasks left by a previous server are taken back), serves the HTTP API and the dashboard, and runs
 * until it is stopped (Ctrl-C or SIGTERM): running tasks are then not cancelled but resumed by the
 * next server on the same store. {@code --new-token NAME --roles R,...} prints a fresh token and the
 * line to put in the configuration, and exits.
 */
@Command(name = "server", description = "Run the coordinator: the HTTP API, the dashboard and the engine.")
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "F", description = "Configuration YAML (task_execution: with a server: section). Relative paths in it are relative to its directory.")
  Path config;

  @Option(names = "--port", paramLabel = "N", description = "Listen on this port instead of server.port (0 picks a free one).")
  Integer port;

  @Option(names = "--new-token", paramLabel = "NAME", description = "Print a new random API token for NAME and its configuration entry, then exit.")
  String newToken;

  @Option(names = "--roles", paramLabel = "R", split = ",", description = "Roles of --new-token: viewer, submitter, admin, agent, shell (default viewer).")
  List<String> roles = List.of("viewer");

  private final Io io;

  ServerCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (newToken != null) return printNewToken();
    TaskExecutionConfig c = readConfig();
    if (port != null) c = c.withServer(c.server().withPort(port));
    Path base = config == null ? Path.of("").toAbsolutePath() : config.toAbsolutePath().getParent();
    java.util.logging.Logger.getLogger("io.helidon").setLevel(Level.WARNING);
    TaskexecServer server;
    try {
      server = TaskexecServer.start(c, base, b -> {});
    } catch (ValidationException e) {
      throw new UserError(c.server().tokensFile(), e.problems());
    } catch (IngestException e) {
      throw new UserError(e.getMessage());
    } catch (TaskexecException e) {
      throw new UserError(e.getMessage());
    }
    ServerConfig sc = c.server();
    String url = (sc.tls() ? "https" : "http") + "://" + sc.host() + ":" + server.port();
    io.out().println("taskexec server on " + url + "  (dashboard " + url + "/ui/, API " + url + "/openapi.json)");
    io.out().println(sc.authRequired() ? "every endpoint but /health and /ready needs a token" : "WARNING: auth_required is false: anyone who can reach " + url + " may run tasks");
    var recovered = server.engine().recovered();
    if (recovered.total() > 0) io.out().println("taken back from the store: " + recovered.ended() + " ended, " + recovered.waiting()
        + " waiting, " + recovered.interrupted() + " interrupted (they run again)");
    io.out().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "taskexec-server-stop"));
    stopped.await();
    return ExitCodes.OK;
  }

  private TaskExecutionConfig readConfig() {
    if (config == null) return TaskExecutionConfig.DEFAULT;
    try {
      return ConfigReader.read(config);
    } catch (ValidationException e) {
      throw new UserError(config.toString(), e.problems());
    } catch (IngestException e) {
      throw new UserError(e.getMessage());
    }
  }

  private int printNewToken() {
    for (String r : roles) {
      if (!ServerConfig.ApiToken.ROLES.contains(r)) throw new UserError("unknown role '" + r + "'; roles are " + ServerConfig.ApiToken.ROLES);
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String token = "tx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    io.out().println("token (shown once; give it to " + newToken + "): " + token);
    io.out().println("add to server.tokens (or to the tokens file's tokens: list):");
    io.out().println("  - {name: " + newToken + ", sha256: " + Tokens.sha256Hex(token) + ", roles: [" + String.join(", ", roles) + "]}");
    return ExitCodes.OK;
  }
}
