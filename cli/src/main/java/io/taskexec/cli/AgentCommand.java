package io.taskexec.cli;

import io.taskexec.broker.AgentMetricsServer;
import io.taskexec.broker.AgentRunner;
import io.taskexec.broker.BrokerException;
import io.taskexec.config.ServerConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.ingest.IngestException;
import io.taskexec.ingest.TokensFile;
import io.taskexec.server.http.Access;
import io.taskexec.server.http.Tokens;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskexec agent --config F}: joins a cluster as an agent and runs the tasks its coordinator
 * places here, until stopped (Ctrl-C or SIGTERM: it leaves the cluster, and what it ran is placed
 * elsewhere). The configuration's {@code cluster} section says where RabbitMQ is and names the
 * agent; {@code engine.resource_manager.local_agent} declares its capacity (else it is detected),
 * {@code engine.worker_pool} its worker threads. With {@code cluster.metrics_port} it serves its
 * Prometheus metrics on {@code cluster.metrics_host:metrics_port/metrics}, guarded by the
 * {@code server} section's tokens as the server guards its own (a token with a reading role),
 * unless {@code server.metrics_public} or {@code server.auth_required: false}.
 */
@Command(name = "agent", description = "Run tasks for a cluster's coordinator (needs a cluster: section).")
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "F", required = true, description = "Configuration YAML with a cluster: section.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "D", description = "Where attempts' logs go (default: the configuration's"
      + " state_manager.data_dir, beside the configuration file).")
  Path dataDir;

  private final Io io;

  AgentCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isRegularFile(config)) throw new UserError(config + ": no such file (give the agent's configuration with --config)");
    List<Problem> problems;
    try {
      problems = ConfigReader.check(config);
    } catch (IngestException e) {
      throw new UserError(e.getMessage());
    }
    if (!problems.isEmpty()) throw new UserError(config.toString(), problems);
    TaskExecutionConfig cfg = ConfigReader.read(config);
    if (!cfg.cluster().enabled())
      throw new UserError(config + ": there is no cluster: section; an agent needs one, e.g.\n"
          + "task_execution:\n  cluster:\n    amqp_uri: amqp://guest:guest@127.0.0.1:5672/%2F\n    agent_id: node-1");
    AgentMetricsServer.Guard guard = cfg.cluster().agentMetrics() ? guard(cfg.server(), config.toAbsolutePath().getParent()) : null;
    Path data = dataDir != null ? dataDir
        : config.toAbsolutePath().getParent().resolve(cfg.engine().stateManager().dataDirectory());
    AgentRunner agent;
    try {
      agent = AgentRunner.start(cfg, data, List.of());
    } catch (BrokerException e) {
      throw new UserError(config + ": " + e.getMessage());
    }
    var spec = agent.spec();
    io.out().printf("agent %s: %s cores, %s GB memory, %s GB disk, GPUs %s, labels %s; logs in %s%n", spec.id(),
        trim(spec.cpuCores()), trim(spec.memoryGb()), trim(spec.storageGb()), spec.gpuIndices(), spec.labels(), data.resolve("logs"));
    AgentMetricsServer metrics = guard == null ? null : serveMetrics(agent, cfg, guard);
    io.out().println("waiting for placements; Ctrl-C leaves the cluster");
    io.out().flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      if (metrics != null) metrics.close();
    }, "taskexec-agent-stop"));
    agent.awaitStop();
    return ExitCodes.OK;
  }

  private AgentMetricsServer serveMetrics(AgentRunner agent, TaskExecutionConfig cfg, AgentMetricsServer.Guard guard) {
    String host = cfg.cluster().metricsHost();
    try {
      AgentMetricsServer m = AgentMetricsServer.start(agent.metrics(), host, cfg.cluster().metricsPort(), guard);
      io.out().printf("metrics: http://%s:%d/metrics%s%n", host, m.port(), guard == AgentMetricsServer.Guard.PUBLIC
          ? " (public)" : " (bearer token with a reading role)");
      return m;
    } catch (IOException e) {
      agent.close();
      throw new UserError(config + ": cannot serve metrics on " + host + ":" + cfg.cluster().metricsPort() + ": "
          + e.getMessage() + " (choose another cluster.metrics_port, or 0 for any free port)");
    }
  }

  /**
   * Who may read the agent's metrics: the server section's rule for its own {@code /metrics} (a
   * token whose roles allow reading), so that one set of tokens serves the coordinator and its agents.
   */
  private AgentMetricsServer.Guard guard(ServerConfig server, Path baseDir) {
    if (!server.authRequired() || server.metricsPublic()) return AgentMetricsServer.Guard.PUBLIC;
    List<ServerConfig.ApiToken> all = new ArrayList<>(server.tokens());
    if (server.tokensFile() != null) {
      try {
        all.addAll(TokensFile.read(baseDir.resolve(server.tokensFile())));
      } catch (ValidationException e) {
        throw new UserError(server.tokensFile(), e.problems());
      } catch (IngestException e) {
        throw new UserError(e.getMessage());
      }
    }
    if (all.isEmpty())
      throw new UserError(config + ": cluster.metrics_port is set and server.auth_required is true, but no API token is"
          + " configured to read the metrics: add server.tokens or server.tokens_file (taskexec server --new-token NAME"
          + " --roles viewer prints one), or set server.metrics_public: true");
    Tokens tokens = new Tokens(all);
    return token -> {
      if (token == null) return AgentMetricsServer.Verdict.UNKNOWN_TOKEN;
      return tokens.find(token).map(c -> Access.VIEWER.allows(c.roles()) ? AgentMetricsServer.Verdict.ALLOWED
          : AgentMetricsServer.Verdict.FORBIDDEN).orElse(AgentMetricsServer.Verdict.UNKNOWN_TOKEN);
    };
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
