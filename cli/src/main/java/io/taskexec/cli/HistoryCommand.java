package io.taskexec.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.store.TaskStatus;
import io.taskexec.validate.Suggestions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec history FILE [TASK]}: the stored events of the run of FILE (or of one task) in
 * the order they happened, then the attempts they tell, each with its exit code. Reads the store
 * only.
 *
 * <pre>
 * TIME                     TASK   ATTEMPT  EVENT      STATE      AGENT  EXIT  MESSAGE
 * 2025-01-01 12:00:00.100  flaky  -        SUBMITTED  PENDING
 * 2025-01-01 12:00:00.101  flaky  1        PLACED     PLACED     local
 * ...
 * 2025-01-01 12:00:00.250  flaky  1        RETRYING   RETRYING   local  1     exit code 1: ...; attempt 2 in 1s
 *
 * TASK   ATTEMPT  AGENT  STARTED                  ENDED                    OUTCOME    EXIT  FAILURE       MESSAGE
 * flaky  1        local  2025-01-01 12:00:00.102  2025-01-01 12:00:00.250  RETRYING   1     NONZERO_EXIT  exit code 1: ...
 * </pre>
 */
@Command(name = "history", description = "Show the stored event history of a file's run, or of one of its tasks (reads the store only).")
final class HistoryCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The task file whose run to show (as given to taskexec run).")
  Path file;

  @Parameters(index = "1", paramLabel = "TASK", arity = "0..1", description = "Only this task's events and attempts.")
  String taskId;

  @Option(names = "--config", paramLabel = "F", description = "Configuration YAML, as given to run (where the state is kept).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "D", description = "The data directory given to run. Default: engine.state_manager.data_dir (.taskexec) beside FILE.")
  Path dataDir;

  @Option(names = "--json", description = "Print JSON: the events and the attempts.")
  boolean json;

  private final Io io;

  HistoryCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try (StoredRun run = StoredRun.open(file, config, dataDir)) {
      StateStore store = run.store();
      List<TaskEvent> events;
      List<AttemptRow> attempts;
      if (taskId != null) {
        if (store.status(taskId).isEmpty()) throw new UserError(unknownTask(run, store));
        events = store.events(taskId);
        attempts = store.attempts(taskId);
      } else {
        events = store.events();
        attempts = new ArrayList<>();
        for (List<TaskEvent> es : byTask(events).values()) attempts.addAll(AttemptRow.fromEvents(es));
      }
      Map<String, List<TaskEvent>> byTask = byTask(events);
      if (json) printJson(run, events, attempts, byTask, io.out());
      else print(run, events, attempts, byTask, ZoneId.systemDefault(), io.out());
    }
    io.out().flush();
    return ExitCodes.OK;
  }

  private static Map<String, List<TaskEvent>> byTask(List<TaskEvent> events) {
    Map<String, List<TaskEvent>> byTask = new LinkedHashMap<>();
    for (TaskEvent e : events) byTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
    return byTask;
  }

  private String unknownTask(StoredRun run, StateStore store) {
    List<String> ids = store.statuses().stream().map(TaskStatus::taskId).toList();
    String hint = Suggestions.closestOf(taskId, ids).map(s -> "did you mean '" + s + "'? ").orElse("");
    return "task '" + taskId + "' is not in the stored run of " + run.shown() + " (" + ids.size()
        + (ids.size() == 1 ? " task" : " tasks") + "); " + hint + "`taskexec status " + run.shown() + "` lists them";
  }

  private void print(StoredRun run, List<TaskEvent> events, List<AttemptRow> attempts,
      Map<String, List<TaskEvent>> byTask, ZoneId zone, PrintStream out) {
    out.println((taskId == null ? "history of the run of " : "history of " + taskId + " in the run of ")
        + run.shown() + ", stored in " + run.where());
    if (events.isEmpty()) {
      out.println();
      out.println("no events are stored" + (taskId == null ? "" : " for " + taskId));
      return;
    }
    Table t = new Table("TIME", "TASK", "ATTEMPT", "EVENT", "STATE", "AGENT", "EXIT", "MESSAGE");
    for (TaskEvent e : events) {
      t.row(StatusCommand.time(e.at(), zone), e.taskId(), e.attempt() < 1 ? "-" : Integer.toString(e.attempt()),
          e.type().name(), e.state().name(), e.agentId(), e.exitCode() == null ? "" : e.exitCode().toString(), message(e));
    }
    out.println();
    t.print(out);
    if (!attempts.isEmpty()) {
      Table a = new Table("TASK", "ATTEMPT", "AGENT", "STARTED", "ENDED", "OUTCOME", "EXIT", "FAILURE", "MESSAGE");
      for (AttemptRow r : attempts) {
        Integer exit = StatusCommand.exitCode(r, byTask.get(r.taskId()));
        a.row(r.taskId(), Integer.toString(r.attempt()), r.agentId(), StatusCommand.time(r.startedAt(), zone),
            StatusCommand.time(r.endedAt(), zone), r.outcome() == null ? "-" : r.outcome().name(),
            exit == null ? "-" : exit.toString(), r.failure() == null ? "" : r.failure().name(), r.message());
      }
      out.println();
      a.print(out);
    }
    out.println();
    out.println(events.size() + (events.size() == 1 ? " event, " : " events, ") + attempts.size()
        + (attempts.size() == 1 ? " attempt" : " attempts"));
  }

  /** The event's message; for a process launch, its pid; for progress, the fraction. */
  private static String message(TaskEvent e) {
    if (e.type() == EventType.LAUNCHED && e.data().get("pid") != null)
      return "pid " + e.data().get("pid") + (e.message() == null ? "" : ": " + e.message());
    if (e.type() == EventType.PROGRESS && e.data().get("progress") instanceof Number n)
      return Math.round(n.doubleValue() * 100) + "%" + (e.message() == null ? "" : " " + e.message());
    if (e.type() == EventType.SAMPLE && e.data().get("name") != null)
      return e.data().get("name") + " = " + e.data().get("value");
    return e.message();
  }

  private void printJson(StoredRun run, List<TaskEvent> events, List<AttemptRow> attempts,
      Map<String, List<TaskEvent>> byTask, PrintStream out) {
    ObjectNode root = StatusCommand.JSON.createObjectNode();
    root.put("file", run.shown());
    root.put("store", run.where());
    root.put("task", taskId);
    ArrayNode es = root.putArray("events");
    for (TaskEvent e : events) {
      ObjectNode n = es.addObject();
      n.put("seq", e.seq());
      n.put("at", e.at().toString());
      n.put("task", e.taskId());
      n.put("attempt", e.attempt());
      n.put("event", e.type().name());
      n.put("state", e.state().name());
      n.put("agent", e.agentId());
      n.put("message", e.message());
      n.put("exit_code", e.exitCode());
      n.put("failure", e.failure() == null ? null : e.failure().name());
      n.set("data", StatusCommand.JSON.valueToTree(e.data()));
    }
    ArrayNode as = root.putArray("attempts");
    for (AttemptRow r : attempts) {
      ObjectNode n = as.addObject();
      n.put("task", r.taskId());
      n.put("attempt", r.attempt());
      n.put("agent", r.agentId());
      n.put("placed_at", str(r.placedAt()));
      n.put("started_at", str(r.startedAt()));
      n.put("ended_at", str(r.endedAt()));
      n.put("outcome", r.outcome() == null ? null : r.outcome().name());
      n.put("exit_code", StatusCommand.exitCode(r, byTask.get(r.taskId())));
      n.put("failure", r.failure() == null ? null : r.failure().name());
      n.put("message", r.message());
      n.put("log_dir", r.logLocation());
    }
    StatusCommand.write(root, out);
  }

  private static String str(Instant at) {
    return at == null ? null : at.toString();
  }
}
