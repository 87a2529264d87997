package io.taskexec.broker;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ConfigReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an agent until it is stopped (SIGTERM: it leaves the cluster cleanly):
 * {@code java -cp ... io.taskexec.broker.AgentMain CONFIG [DATA_DIR]}. {@code taskexec agent} does
 * the same with the command line's conventions.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: AgentMain CONFIG [DATA_DIR]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    TaskExecutionConfig config = ConfigReader.read(file);
    Path dataDir = args.length > 1 ? Path.of(args[1])
        : file.toAbsolutePath().getParent().resolve(config.engine().stateManager().dataDirectory());
    AgentRunner agent = AgentRunner.start(config, dataDir, List.of());
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "taskexec-agent-stop"));
    agent.awaitStop();
  }
}
