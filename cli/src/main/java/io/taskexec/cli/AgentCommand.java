package io.taskexec.cli;

import io.taskexec.broker.AgentRunner;
import io.taskexec.broker.BrokerException;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.ingest.IngestException;
import io.taskexec.validate.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskexec agent --config F}: joins a cluster as an agent and runs the tasks its coordinator
 * places here, until stopped (Ctrl-C or SIGTERM: it leaves the cluster, and what it ran is placed
 * elsewhere). The configuration's {@code cluster} section says where RabbitMQ is and names the
 * agent; {@code engine.resource_manager.local_agent} declares its capacity (else it is detected),
 * {@code engine.worker_pool} its worker threads.
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
    io.out().println("waiting for placements; Ctrl-C leaves the cluster");
    io.out().flush();
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "taskexec-agent-stop"));
    agent.awaitStop();
    return ExitCodes.OK;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
