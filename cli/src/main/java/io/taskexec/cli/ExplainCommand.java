package io.taskexec.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.event.TaskEvent;
import io.taskexec.plan.PendingSituations;
import io.taskexec.plan.WhyPending;
import io.taskexec.store.StateStore;
import io.taskexec.store.StoredTask;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.TaskState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec explain FILE TASK}: why a task of the stored run of FILE is not running, as
 * ordered reasons ({@link WhyPending}): unmet dependencies, named resources taken, the worker
 * pool's limit, not enough of a resource on any agent (which, the shortfall, the closest agent),
 * and a deadline that the estimates say cannot be met. Reads the store only; with {@code --server URL}
 * ({@code taskexec explain TASK --server URL}) it asks a running server, which computes the same
 * reasons from its live state ({@code GET /api/v1/tasks/{id}/explain}).
 *
 * <pre>
 * task 'deploy' is PENDING; it waits because:
 *   1. waits for task 'build' to succeed (condition completion); it is RUNNING
 *   2. not enough cpu: needs 8 cores; the closest agent, 'a2', has 6 cores free (short by 2 cores); ...
 * </pre>
 */
@Command(name = "explain", description = "Say why a task of the stored run of a file is waiting (reads the store only), or with --server URL a task of a running server.")
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The task file whose run to look at (as given to taskexec run); none with --server.")
  Path file;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TASK", description = "The task id (with --server, the only argument).")
  String taskId;

  @Option(names = "--server", paramLabel = "URL", description = "Ask a running taskexec server about its task instead: taskexec explain TASK --server URL.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "With --server: the API token. Default: $TASKEXEC_TOKEN, else token: in the client file.")
  String token;

  @Option(names = "--client-config", paramLabel = "F", description = "With --server: the client file with token: (default ~/.config/taskexec/client.yaml).")
  Path clientConfig;

  @Option(names = "--config", paramLabel = "F", description = "Configuration YAML, as given to run.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "D", description = "The data directory given to run. Default: engine.state_manager.data_dir (.taskexec) beside FILE.")
  Path dataDir;

  @Option(names = "--json", description = "Print JSON: the task, its state and every reason with its fields.")
  boolean json;

  private final Io io;

  ExplainCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (server != null) return fromServer();
    if (file == null || taskId == null) throw new UserError("give the task file and the task: taskexec explain FILE TASK,"
        + " or taskexec explain TASK --server URL for a task of a running server");
    TaskExecutionConfig cfg = Files.isRegularFile(file) ? Inputs.load(file, config).config() : TaskExecutionConfig.DEFAULT;
    try (StoredRun run = StoredRun.open(file, config, dataDir)) {
      StateStore store = run.store();
      StoredTask stored = store.task(taskId).orElseThrow(() -> new UserError("no task '" + taskId
          + "' in the stored run of " + run.shown() + "; `taskexec status " + run.shown() + "` lists its tasks"));
      Map<String, TaskState> states = new HashMap<>();
      for (TaskStatus s : store.statuses()) states.put(s.taskId(), s.state());
      TaskState state = states.getOrDefault(taskId, TaskState.PENDING);
      List<StoredTask> all = store.tasks();
      WhyPending.Situation situation = situation(cfg, store, stored, state, states, all);
      List<WhyPending.Reason> reasons = WhyPending.explain(situation);
      if (json) printJson(state, reasons, io.out());
      else printText(state, reasons, situation, io.out());
    }
    io.out().flush();
    return ExitCodes.OK;
  }

  /** {@code --server}: the server's {@code GET /api/v1/tasks/{id}/explain}, printed as the local answer is. */
  private Integer fromServer() {
    if (taskId != null) throw new UserError("with --server, give only the task: taskexec explain " + taskId + " --server " + server);
    if (file == null) throw new UserError("give the task: taskexec explain TASK --server URL");
    if (config != null || dataDir != null) throw new UserError("--config and --data-dir are for a stored run; with --server"
        + " the server answers from its own state");
    String id = file.toString();
    ClientOptions client = ClientOptions.of(server, token, json);
    client.clientConfig = clientConfig;
    com.fasterxml.jackson.databind.JsonNode e = client.connect(io).get("/api/v1/tasks/"
        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/explain");
    if (json) {
      io.out().println(e.toString());
    } else if (e.path("reasons").isEmpty()) {
      io.out().println(e.path("summary").asText());
    } else {
      io.out().println("task '" + id + "' is " + e.path("state").asText() + "; it waits because:");
      int i = 1;
      for (com.fasterxml.jackson.databind.JsonNode r : e.path("reasons")) io.out().println("  " + i++ + ". " + r.path("message").asText());
    }
    io.out().flush();
    return ExitCodes.OK;
  }

  private WhyPending.Situation situation(TaskExecutionConfig cfg, StateStore store, StoredTask stored,
      TaskState state, Map<String, TaskState> states, List<StoredTask> all) {
    // where each placed or running task is: the agent of its latest event that names one
    Map<String, String> agentOf = new HashMap<>();
    for (TaskEvent e : store.events()) if (e.agentId() != null) agentOf.put(e.taskId(), e.agentId());
    List<PendingSituations.Known> known = new ArrayList<>();
    for (StoredTask t : all) {
      String id = t.task().id();
      known.add(new PendingSituations.Known(t.task(), id.equals(taskId) ? state : states.getOrDefault(id, TaskState.PENDING),
          agentOf.get(id)));
    }
    Instant deadline = stored.task().deadline() == null ? null : stored.task().deadline().resolve(stored.submittedAt());
    return PendingSituations.of(taskId, deadline, known, store.agents(), cfg, Instant.now());
  }

  private void printText(TaskState state, List<WhyPending.Reason> reasons, WhyPending.Situation s, PrintStream out) {
    if (state.isTerminal()) {
      out.println("task '" + taskId + "' has ended: " + state.name());
      return;
    }
    if (state == TaskState.RUNNING) {
      out.println("task '" + taskId + "' is RUNNING");
      return;
    }
    if (reasons.isEmpty()) {
      out.println("task '" + taskId + "' is " + state.name() + " and nothing holds it back: it can be placed"
          + " as soon as the scheduler gets to it" + (s.capacity().isEmpty() ? " (no agents are recorded)" : ""));
      return;
    }
    out.println("task '" + taskId + "' is " + state.name() + "; it waits because:");
    for (int i = 0; i < reasons.size(); i++) out.println("  " + (i + 1) + ". " + reasons.get(i).message());
  }

  private void printJson(TaskState state, List<WhyPending.Reason> reasons, PrintStream out) {
    ObjectNode root = StatusCommand.JSON.createObjectNode();
    root.put("task", taskId);
    root.put("state", state.name());
    ArrayNode list = root.putArray("reasons");
    for (WhyPending.Reason r : reasons) {
      ObjectNode n = StatusCommand.JSON.valueToTree(r);
      n.put("kind", r.kind());
      n.put("message", r.message());
      list.add(n);
    }
    StatusCommand.write(root, out);
  }
}
