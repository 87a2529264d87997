package io.taskexec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.AttemptRow;
import io.taskexec.store.StateStore;
import io.taskexec.store.TaskStatus;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec status FILE}: where each task of the stored run of FILE stands, read from its
 * store (never written): state, attempts, when it last changed, the last attempt's exit code and
 * why it did not succeed; then the counts by state.
 *
 * <pre>
 * TASK         STATE      ATTEMPTS  CHANGED                  EXIT  REASON
 * make-data    SUCCEEDED  1         2025-01-01 12:00:00.120  0
 * broken       FAILED     1         2025-01-01 12:00:00.310  3     exit code 3: disk full
 *
 * 2 tasks: 1 succeeded, 1 failed
 * the run has finished
 * </pre>
 */
@Command(name = "status", description = "Show where each task of the stored run of a file stands (reads the store only).")
final class StatusCommand implements Callable<Integer> {
  static final int MAX_ROWS = 50;
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|ID", description = "The task file whose run to show (as given to taskexec run); with --server, a task id (none: the server's tasks).")
  Path file;

  @Option(names = "--server", paramLabel = "URL", description = "Ask a taskexec server instead of reading a local store (token: --token, $TASKEXEC_TOKEN or ~/.config/taskexec/client.yaml).")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "API token for --server.")
  String token;

  @Option(names = "--config", paramLabel = "F", description = "Configuration YAML, as given to run (where the state is kept).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "D", description = "The data directory given to run. Default: engine.state_manager.data_dir (.taskexec) beside FILE.")
  Path dataDir;

  @Option(names = "--json", description = "Print JSON: the counts and every task.")
  boolean json;

  @Option(names = "--all", description = "List every task; by default a run of more than " + MAX_ROWS + " tasks lists only those that did not succeed.")
  boolean all;

  private final Io io;

  StatusCommand(Io io) {
    this.io = io;
  }

  /** One task as the store tells it. */
  record Row(String id, TaskState state, int attempts, Instant changedAt, Integer exitCode, String failure,
      String reason) {}

  @Override
  public Integer call() {
    if (server != null) return RemoteStatus.print(ClientOptions.of(server, token, json).connect(io), file == null ? null : file.toString(), json, io.out());
    if (file == null) throw new UserError("give the task FILE whose stored run to show, or --server URL to ask a server");
    try (StoredRun run = StoredRun.open(file, config, dataDir)) {
      List<Row> rows = rows(run.store());
      if (json) printJson(run, rows, io.out());
      else printTable(run, rows, ZoneId.systemDefault(), io.out());
    }
    io.out().flush();
    return ExitCodes.OK;
  }

  /**
   * Every stored task in submission order, with what its events tell of its attempts. Reads the
   * statuses and the events, not the task specs (decoding every spec of a large run costs seconds).
   */
  static List<Row> rows(StateStore store) {
    List<TaskStatus> statuses = store.statuses();
    Map<String, List<TaskEvent>> byTask = new HashMap<>();
    for (TaskEvent e : store.events()) byTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
    List<Row> rows = new ArrayList<>(statuses.size());
    for (TaskStatus s : statuses) {
      List<TaskEvent> events = byTask.getOrDefault(s.taskId(), List.of());
      List<AttemptRow> attempts = AttemptRow.fromEvents(events);
      AttemptRow last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
      rows.add(new Row(s.taskId(), s.state(), attempts.size(), s.updatedAt(), exitCode(last, events),
          last == null || last.failure() == null || s.state() == TaskState.SUCCEEDED ? null : last.failure().name(),
          s.state() == TaskState.SUCCEEDED ? null : lastMessage(events)));
    }
    return rows;
  }

  /**
   * An attempt's exit code, as stored; else 0 for an attempt that launched a process (a LAUNCHED
   * event) and succeeded: a process attempt succeeds only by exiting with 0, as the run's summary
   * shows it.
   *
   * @param events the events of the attempt's task
   */
  static Integer exitCode(AttemptRow a, List<TaskEvent> events) {
    if (a == null) return null;
    if (a.exitCode() != null) return a.exitCode();
    if (a.outcome() != TaskState.SUCCEEDED) return null;
    for (TaskEvent e : events) {
      if (e.type() == EventType.LAUNCHED && e.attempt() == a.attempt()) return 0;
    }
    return null;
  }

  private static String lastMessage(List<TaskEvent> events) {
    for (int i = events.size() - 1; i >= 0; i--) if (events.get(i).message() != null) return events.get(i).message();
    return null;
  }

  private void printTable(StoredRun run, List<Row> rows, ZoneId zone, PrintStream out) {
    List<Row> shown = rows;
    String note = null;
    if (!all && rows.size() > MAX_ROWS) {
      shown = rows.stream().filter(r -> r.state() != TaskState.SUCCEEDED).limit(MAX_ROWS).toList();
      note = (rows.size() - shown.size()) + " more tasks (the ones that succeeded"
          + (shown.size() == MAX_ROWS ? " and more" : "") + ") are left out: --all lists them, --json gives them all";
    }
    out.println("run of " + run.shown() + ", stored in " + run.where());
    if (!shown.isEmpty()) {
      Table t = new Table("TASK", "STATE", "ATTEMPTS", "CHANGED", "EXIT", "REASON");
      for (Row r : shown) {
        t.row(r.id(), r.state().name(), Integer.toString(r.attempts()), time(r.changedAt(), zone),
            r.exitCode() == null ? "-" : r.exitCode().toString(), r.reason());
      }
      out.println();
      t.print(out);
    }
    if (note != null) out.println(note);
    out.println();
    out.println(counts(rows));
    long open = rows.stream().filter(r -> !r.state().isTerminal()).count();
    if (rows.isEmpty()) out.println("no task is stored yet");
    else if (open == 0) out.println("the run has finished");
    else out.println(open + (open == 1 ? " task has" : " tasks have") + " not ended: the run is going on, or it was"
        + " interrupted and `taskexec run " + run.shown() + "` resumes it");
  }

  /** {@code 8 tasks: 6 succeeded, 1 failed, 1 upstream failed}. */
  static String counts(List<Row> rows) {
    Map<TaskState, Integer> n = byState(rows);
    List<String> parts = new ArrayList<>();
    n.forEach((state, count) -> parts.add(count + " " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    return rows.size() + (rows.size() == 1 ? " task" : " tasks") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
  }

  private static Map<TaskState, Integer> byState(List<Row> rows) {
    Map<TaskState, Integer> n = new EnumMap<>(TaskState.class);
    for (Row r : rows) n.merge(r.state(), 1, Integer::sum);
    return n;
  }

  private static void printJson(StoredRun run, List<Row> rows, PrintStream out) {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", run.shown());
    root.put("store", run.where());
    root.put("total", rows.size());
    root.put("finished", !rows.isEmpty() && rows.stream().allMatch(r -> r.state().isTerminal()));
    ObjectNode counts = root.putObject("counts");
    byState(rows).forEach((s, c) -> counts.put(s.name(), c));
    ArrayNode tasks = root.putArray("tasks");
    for (Row r : rows) {
      ObjectNode t = tasks.addObject();
      t.put("id", r.id());
      t.put("state", r.state().name());
      t.put("attempts", r.attempts());
      t.put("changed_at", r.changedAt().toString());
      t.put("exit_code", r.exitCode());
      t.put("failure", r.failure());
      t.put("reason", r.reason());
    }
    write(root, out);
  }

  static void write(ObjectNode root, PrintStream out) {
    try {
      out.println(JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String time(Instant at, ZoneId zone) {
    return at == null ? "-" : TIME.format(at.atZone(zone));
  }
}
