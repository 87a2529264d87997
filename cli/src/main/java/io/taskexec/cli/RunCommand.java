package io.taskexec.cli;

import io.taskexec.engine.AttemptRecord;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskHandle;
import io.taskexec.engine.TaskResult;
import io.taskexec.engine.TaskSnapshot;
import io.taskexec.event.EventListener;
import io.taskexec.monitoring.Monitoring;
import io.taskexec.store.ConflictException;
import io.taskexec.store.StateStore;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskexec run FILE}: loads the tasks (and configuration), runs them all on this machine to
 * their end, shows progress, prints a summary table and writes a JSON summary.
 */
@Command(name = "run", description = "Run the tasks of a file on this machine until all have ended.")
final class RunCommand implements Callable<Integer> {
  private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  /** How long Ctrl-C waits for cancelled tasks to end before the summary is printed anyway. */
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

  @Parameters(index = "0", paramLabel = "FILE", description = "Task file (YAML or JSON) with a tasks: list.")
  Path file;

  @Option(names = "--config", paramLabel = "F", description = "Configuration YAML (task_execution: tree). Default: the file's own config:, else the defaults.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "D", description = "Where logs and run summaries go. Default: engine.state_manager.data_dir (.taskexec) beside FILE.")
  Path dataDir;

  @Option(names = "--summary-json", paramLabel = "F", description = "Write the JSON summary here. Default: <data-dir>/runs/run-<time>.json.")
  Path summaryJson;

  @Option(names = "--no-progress", description = "Print one line per event instead of the live display.")
  boolean noProgress;

  @Option(names = "--fresh", description = "Start a new run even when an interrupted run of FILE is stored (it is kept aside).")
  boolean fresh;

  @Option(names = "--metrics-port", paramLabel = "N", description = "Serve Prometheus metrics on 127.0.0.1:N/metrics while the run lasts"
      + " (0: any free port). Default: monitoring.prometheus.port when set.")
  Integer metricsPort;

  private final Io io;

  RunCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Input input = Inputs.load(file, config);
    Path data = dataDir != null ? dataDir : input.defaultDataDirectory();
    Clock clock = Clock.system();
    ZoneId zone = ZoneId.systemDefault();
    Ansi ansi = new Ansi(io.color());
    LiveProgress live = io.terminal() && !noProgress
        ? new LiveProgress(io.err(), ansi, Terminal.columns(io.env()), Terminal.unicode(), clock, zone) : null;
    EventListener listener = live != null ? live : new EventLines(io.err(), zone);
    Instant started = clock.now();
    try (StateStore store = RunState.open(input.config().engine().stateManager(), data, file, fresh, started, io.err());
        TaskExecutionEngine engine = TaskExecutionEngine.builder().config(input.config()).dataDirectory(data)
            .clock(clock).listener(listener).store(store).build();
        CtrlC ctrlC = CtrlC.install(io.handleSignals(), () -> cancelAll(engine));
        Monitoring monitoring = monitoring(engine, input.config())) {
      List<Problem> problems = Inputs.problems(input, engine);
      if (!problems.isEmpty()) {
        engine.stop(); // leave a stored run as it was, to resume once the file is fixed
        throw new UserError(input.displayName(), problems);
      }
      TaskExecutionEngine.RecoverySummary resumed = engine.recovered();
      if (resumed.total() > 0) {
        io.err().println("resuming the interrupted run of " + input.displayName() + ": " + resumed.ended() + " ended, "
            + resumed.waiting() + " waiting, " + resumed.interrupted() + " interrupted (they run again)");
      }
      List<TaskHandle> handles;
      try {
        handles = engine.submitAll(input.tasks(), input.sources());
      } catch (ValidationException e) {
        engine.stop();
        throw new UserError(input.displayName(), e.problems());
      } catch (ConflictException e) {
        engine.stop();
        throw new UserError(e.getMessage() + " (" + input.displayName() + " changed since its interrupted run;"
            + " run with --fresh to start a new run)");
      }
      if (live != null) live.start(engine);
      try {
        waitForEnd(engine, ctrlC);
      } finally {
        if (live != null) live.close();
      }
      push(monitoring);
      boolean interrupted = ctrlC.fired();
      List<TaskOutcome> outcomes = outcomes(input.tasks(), handles, engine);
      boolean allSucceeded = outcomes.stream().allMatch(o -> o.state() == TaskState.SUCCEEDED);
      int code = interrupted ? ExitCodes.INTERRUPTED : allSucceeded ? ExitCodes.OK : ExitCodes.TASK_FAILED;
      report(data, outcomes, new SummaryJson.Run(input.displayName(), started, clock.now(), interrupted, code), ansi);
      RunReports.afterRun(store, input.config().reporting(), file, input.displayName(), data, clock, io.out(), io.err());
      ctrlC.reported();
      return code;
    }
  }

  /**
   * Monitoring for the run when its metrics are wanted: served on --metrics-port (or
   * monitoring.prometheus.port) on loopback, and/or pushed to monitoring.prometheus.pushgateway_url at the end.
   */
  private Monitoring monitoring(TaskExecutionEngine engine, io.taskexec.config.TaskExecutionConfig config) {
    var prometheus = config.monitoring().prometheus();
    Integer port = metricsPort != null ? metricsPort : prometheus.port() > 0 ? Integer.valueOf(prometheus.port()) : null;
    if (port == null && prometheus.pushgatewayUrl() == null) return null;
    if (port != null && (port < 0 || port > 65535)) {
      engine.stop(); // a stored run stays as it was
      throw new UserError("--metrics-port must be between 0 and 65535, got " + port);
    }
    Monitoring m = Monitoring.attach(engine, config);
    if (port != null) {
      try {
        int bound = m.serve("127.0.0.1", port);
        io.err().println("metrics: http://127.0.0.1:" + bound + "/metrics");
      } catch (IOException e) {
        m.close();
        engine.stop(); // a stored run stays as it was
        throw new UserError("cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage()
            + " (choose another --metrics-port, or 0 for any free port)");
      }
    }
    return m;
  }

  /** Pushes the run's metrics to the configured Pushgateway; a failure is reported, the run's result stands. */
  private void push(Monitoring monitoring) {
    if (monitoring == null || monitoring.config().prometheus().pushgatewayUrl() == null) return;
    try {
      monitoring.pushIfConfigured();
    } catch (IOException e) {
      io.err().println("taskexec: could not push metrics to " + monitoring.config().prometheus().pushgatewayUrl() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The summary table, where to look for failures, the JSON summary and where the logs are. */
  private void report(Path data, List<TaskOutcome> outcomes, SummaryJson.Run run, Ansi ansi) {
    if (run.interrupted()) io.err().println(ansi.yellow("interrupted: running tasks were cancelled"));
    io.out().println();
    int columns = io.terminal() ? Terminal.columns(io.env()) : 0;
    SummaryTable.print(outcomes, Duration.between(run.startedAt(), run.endedAt()), ansi, columns, io.out());
    printFailedLogs(outcomes, io.out());
    Path json = summaryJson != null ? summaryJson : freshName(data.resolve("runs"), run.startedAt());
    try {
      SummaryJson.write(json, run, outcomes);
      io.out().println("summary: " + Inputs.display(json));
    } catch (IOException e) {
      io.err().println("taskexec: could not write the summary " + json + ": " + e.getMessage());
    }
    io.out().println("logs:    " + Inputs.display(data.resolve("logs")));
    io.out().flush();
  }

  private static void waitForEnd(TaskExecutionEngine engine, CtrlC ctrlC) throws ExecutionException {
    try {
      engine.whenIdle().get();
    } catch (InterruptedException e) {
      // interrupted in-process (tests, embedding): behave as Ctrl-C would
      Thread.currentThread().interrupt();
      cancelAll(engine);
    }
    if (ctrlC.fired()) waitBounded(engine); // the hook cancelled; let the cancellations land
  }

  /** On Ctrl-C: cancel every task and give the cancellations a bounded time to finish. */
  private static void cancelAll(TaskExecutionEngine engine) {
    engine.cancelAll("interrupted");
    waitBounded(engine);
  }

  private static void waitBounded(TaskExecutionEngine engine) {
    try {
      engine.whenIdle().get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // report what we have
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where to look first: the stderr of the last attempt of up to five tasks that failed. */
  private static void printFailedLogs(List<TaskOutcome> outcomes, PrintStream out) {
    int shown = 0;
    for (TaskOutcome o : outcomes) {
      if (shown == 5) break;
      if (o.state() != TaskState.FAILED && o.state() != TaskState.TIMED_OUT) continue;
      if (o.attempts().isEmpty()) continue;
      AttemptRecord last = o.attempts().get(o.attempts().size() - 1);
      if (last.logDirectory() == null) continue;
      Path stderr = last.logDirectory().resolve("attempt-" + last.attempt() + ".stderr");
      if (!Files.exists(stderr)) continue;
      if (shown++ == 0) out.println();
      out.println(o.task().id() + " failed; its stderr: " + Inputs.display(stderr));
    }
  }

  /** In file order; a task whose end was not seen is shown as it was last. */
  private static List<TaskOutcome> outcomes(List<Task> tasks, List<TaskHandle> handles, TaskExecutionEngine engine) {
    Map<String, TaskSnapshot> snapshots = null;
    List<TaskOutcome> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      TaskResult r = handles.get(i).result().getNow(null);
      if (r != null) {
        out.add(TaskOutcome.of(tasks.get(i), r));
        continue;
      }
      if (snapshots == null) {
        snapshots = engine.tasks().stream().collect(Collectors.toMap(s -> s.task().id(), Function.identity()));
      }
      out.add(TaskOutcome.of(tasks.get(i), snapshots.get(tasks.get(i).id())));
    }
    return out;
  }

  /** {@code runs/run-20250101-120000.json}, or with {@code -2}, {@code -3}... if taken. */
  private static Path freshName(Path dir, Instant at) {
    String base = "run-" + RUN_NAME.format(at);
    Path p = dir.resolve(base + ".json");
    for (int n = 2; Files.exists(p); n++) p = dir.resolve(base + "-" + n + ".json");
    return p;
  }
}
