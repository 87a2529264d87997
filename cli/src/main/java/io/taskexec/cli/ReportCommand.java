package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.ConfigReader;
import io.taskexec.ingest.IngestException;
import io.taskexec.reporting.Report;
import io.taskexec.reporting.ReportException;
import io.taskexec.reporting.ReportFormat;
import io.taskexec.reporting.ReportGenerator;
import io.taskexec.time.Clock;
import io.taskexec.validate.Problem;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code taskexec report run|task|accounting FILE ...}: a report of the stored run of FILE (read as
 * {@code status} and {@code history} read it), written to {@code --out}, or {@code -} for stdout,
 * else into {@code <data>/reports/}; {@code --deliver} also sends it to the configured targets.
 *
 * <p>With {@code --server URL} the report is of a running server's tasks instead: the server makes
 * it ({@code POST /api/v1/reports}), keeps it in its report index and the command downloads it
 * ({@code GET /api/v1/reports/{id}}) to {@code --out}, {@code -}, else {@code ./<id>}; the token
 * comes from {@code --token}, {@code $TASKEXEC_TOKEN} or the client file, as for the other client
 * commands. {@code report list} and {@code report download ID} read the server's index.
 *
 * <pre>
 * taskexec report run pipeline.yaml --format html
 * taskexec report task pipeline.yaml train-model --format pdf --out train.pdf
 * taskexec report accounting pipeline.yaml --from 2026-06-01 --to 2026-07-01 --format json --out -
 * taskexec report run --server https://tasks.example:8443 --format pdf --out nightly.pdf
 * taskexec report task train-model --server https://tasks.example:8443
 * taskexec report list --server https://tasks.example:8443
 * </pre>
 */
@Command(name = "report", description = {"Write a report of the stored run of a file: run, task or accounting.",
    "With --server URL, the server makes the report of its tasks and it is downloaded (the token as for the other client"
        + " commands: --token, $TASKEXEC_TOKEN, the client file); list and download read the server's reports."},
    subcommands = {ReportCommand.RunReport.class, ReportCommand.TaskReport.class, ReportCommand.Accounting.class,
        ReportCommand.ListReports.class, ReportCommand.Download.class})
final class ReportCommand implements Callable<Integer> {
  private final Io io;

  ReportCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    throw new UserError("say which report: taskexec report run|task|accounting FILE, or with --server URL"
        + " (taskexec help report)");
  }

  /** What every report takes. */
  static final class Common {
    @Option(names = "--format", paramLabel = "F", description = "json, html or pdf (default: html).")
    String format = "html";

    @Option(names = "--out", paramLabel = "F", description = "Write the report here; - for stdout. Default: <data-dir>/reports/<kind>-<time>.<format> (with --server: ./<id>).")
    String out;

    @Option(names = "--config", paramLabel = "F", description = "Configuration YAML, as given to run.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "D", description = "The data directory given to run. Default: engine.state_manager.data_dir (.taskexec) beside FILE.")
    Path dataDir;

    @Option(names = "--deliver", description = "Also deliver the report to reporting.distribution.targets.")
    boolean deliver;
  }

  /** The report kinds share how they open the store and where they write. */
  abstract static class Kind implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The task file whose run to report on (as given to taskexec run); none with --server.")
    Path file;

    @Mixin Common common = new Common();

    @Mixin ClientOptions client = new ClientOptions();

    @ParentCommand ReportCommand parent;

    /** Makes the report. */
    abstract List<Report> make(ReportGenerator g, StoredRun run, List<ReportFormat> formats, Path data);

    /** The query of {@code POST /api/v1/reports} that asks the server for this report (kind=...&format=...). */
    abstract String serverQuery();

    @Override
    public Integer call() {
      Io io = parent.io;
      if (client.server != null) return fromServer(io);
      if (file == null) throw new UserError("give FILE, the task file whose stored run to report on, or --server URL for"
          + " a report of a running server's tasks");
      ReportFormat format;
      try {
        format = ReportFormat.of(common.format);
      } catch (ReportException e) {
        throw new UserError("--format: " + e.getMessage());
      }
      TaskExecutionConfig config = config();
      Path data = common.dataDir != null ? common.dataDir : dataDirectory(config);
      try (StoredRun run = StoredRun.open(file, common.config, common.dataDir)) {
        ReportGenerator g = new ReportGenerator(config.reporting(), RunReports.templates(config.reporting(), file), Clock.system());
        Report r = make(g, run, List.of(format), data).get(0);
        if ("-".equals(common.out)) {
          io.out().write(r.content(), 0, r.content().length);
          io.out().flush();
        } else {
          Path where = common.out != null ? ReportGenerator.writeFile(r, Path.of(common.out), run.store())
              : ReportGenerator.write(r, data.resolve("reports"), run.store());
          io.out().println(r.kind() + " report: " + Inputs.display(where));
        }
        if (common.deliver) RunReports.deliver(config.reporting(), file, data, List.of(r), io.err());
      } catch (ReportException e) {
        throw new UserError(e.getMessage());
      } catch (UncheckedIOException e) {
        throw new UserError(e.getMessage());
      }
      io.out().flush();
      return ExitCodes.OK;
    }

    /** {@code --server}: the server makes the report; it is downloaded to --out, -, or ./ID. */
    private Integer fromServer(Io io) {
      if (common.config != null || common.dataDir != null) throw new UserError("--config and --data-dir are for the"
          + " report of a stored run; with --server the server uses its own");
      if (common.deliver) throw new UserError("--deliver is for the report of a stored run; with --server, download the"
          + " report and send it on, or let the server's reporting.distribution deliver its scheduled reports");
      try {
        ReportFormat.of(common.format);
      } catch (ReportException e) {
        throw new UserError("--format: " + e.getMessage());
      }
      Remote remote = client.connect(io);
      JsonNode made = remote.post("/api/v1/reports?" + serverQuery() + "&format=" + enc(common.format), "application/json", "");
      JsonNode item = made.path("items").path(0);
      if (item.isMissingNode()) throw new IllegalStateException("the server made no report: " + made);
      return download(io, remote, item, common.out, client.json);
    }

    String positional(String what) {
      if (file != null) throw new UserError("with --server the report is of the server's tasks: leave out "
          + file + (what == null ? "" : " (give only " + what + ")"));
      return null;
    }

    private TaskExecutionConfig config() {
      if (Files.isRegularFile(file)) return Inputs.load(file, common.config).config();
      if (common.config == null) return TaskExecutionConfig.DEFAULT;
      try {
        List<Problem> problems = ConfigReader.check(common.config);
        if (!problems.isEmpty()) throw new UserError(common.config.toString(), problems);
        return ConfigReader.read(common.config);
      } catch (IngestException e) {
        throw new UserError(e.getMessage());
      }
    }

    private Path dataDirectory(TaskExecutionConfig config) {
      if (Files.isRegularFile(file)) return Inputs.load(file, common.config).defaultDataDirectory();
      Path dir = file.toAbsolutePath().getParent();
      return Inputs.relativeToCwd(dir.resolve(config.engine().stateManager().dataDirectory()));
    }
  }

  @Command(name = "run", description = "The run report: summary, timeline by agent, critical path, utilisation, failures, deadline misses.")
  static final class RunReport extends Kind {
    @Override
    List<Report> make(ReportGenerator g, StoredRun run, List<ReportFormat> formats, Path data) {
      return g.run(run.store(), "Run of " + run.shown(), run.where(), formats);
    }

    @Override
    String serverQuery() {
      positional(null);
      return "kind=run";
    }
  }

  @Command(name = "task", description = "The report of one task: spec, attempts, timeline, resource statistics, the end of its logs.")
  static final class TaskReport extends Kind {
    @Parameters(index = "1", arity = "0..1", paramLabel = "TASK", description = "The task's id (with --server, the only argument).")
    String taskId;

    @Override
    List<Report> make(ReportGenerator g, StoredRun run, List<ReportFormat> formats, Path data) {
      if (taskId == null) throw new UserError("give the task: taskexec report task FILE TASK");
      return local(g, run, formats);
    }

    @Override
    String serverQuery() {
      if (taskId != null) positional("TASK"); // FILE TASK given: with --server only TASK
      if (file == null) throw new UserError("give the task: taskexec report task TASK --server URL");
      return "kind=task&task=" + enc(file.toString()); // with --server the one argument is the task
    }

    private List<Report> local(ReportGenerator g, StoredRun run, List<ReportFormat> formats) {
      Path base = file.toAbsolutePath().getParent();
      return g.task(run.store(), taskId, run.where(), base == null ? Path.of("") : base, formats);
    }
  }

  @Command(name = "accounting", description = "Use per task type and per agent over a period, like Slurm's sreport.")
  static final class Accounting extends Kind {
    @Option(names = "--from", paramLabel = "T", description = "Start of the period: 2026-06-01 or 2026-06-01T08:00:00Z (UTC). Default: the first task.")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the period (excluded), as --from. Default: now.")
    String to;

    @Override
    List<Report> make(ReportGenerator g, StoredRun run, List<ReportFormat> formats, Path data) {
      Instant f = instant("--from", from), t = instant("--to", to);
      if (f != null && t != null && !t.isAfter(f)) throw new UserError("--to (" + to + ") must be after --from (" + from + ")");
      return g.accounting(run.store(), f, t, run.where(), formats);
    }

    @Override
    String serverQuery() {
      positional(null);
      Instant f = instant("--from", from), t = instant("--to", to);
      if (f != null && t != null && !t.isAfter(f)) throw new UserError("--to (" + to + ") must be after --from (" + from + ")");
      return "kind=accounting" + (f == null ? "" : "&from=" + f) + (t == null ? "" : "&to=" + t);
    }

    static Instant instant(String option, String text) {
      if (text == null) return null;
      try {
        if (text.length() == 10) return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Instant.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new UserError(option + ": '" + text + "' is not a date or a time; write e.g. 2026-06-01 or 2026-06-01T08:00:00Z");
      }
    }
  }

  @Command(name = "list", description = "List the reports a server keeps (with --server, or the server of $TASKEXEC_SERVER or the client file).")
  static final class ListReports implements Callable<Integer> {
    @Mixin ClientOptions client = new ClientOptions();

    @ParentCommand ReportCommand parent;

    @Override
    public Integer call() {
      Io io = parent.io;
      JsonNode res = client.connect(io).get("/api/v1/reports");
      if (client.json) {
        io.out().println(res.toString());
      } else if (res.path("items").isEmpty()) {
        io.out().println("no reports on the server yet; make one with taskexec report run --server URL");
      } else {
        Table t = new Table("ID", "KIND", "FORMAT", "CREATED");
        for (JsonNode r : res.path("items")) {
          t.row(r.path("id").asText(), r.path("kind").asText(), r.path("format").asText(), r.path("created").asText());
        }
        t.print(io.out());
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "download", description = "Download a report the server keeps, by its id (taskexec report list shows them).")
  static final class Download implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The report's id, e.g. run-20260601-120000.html.")
    String id;

    @Option(names = "--out", paramLabel = "F", description = "Write the report here; - for stdout. Default: ./ID.")
    String out;

    @Mixin ClientOptions client = new ClientOptions();

    @ParentCommand ReportCommand parent;

    @Override
    public Integer call() {
      Io io = parent.io;
      Remote remote = client.connect(io);
      JsonNode item = Remote.JSON.createObjectNode().put("id", id).put("href", "/api/v1/reports/" + enc(id));
      return download(io, remote, item, out, client.json);
    }
  }

  /** Downloads the report {@code item} (id, href) to {@code out}: a file, - for stdout, or ./ID. */
  static Integer download(Io io, Remote remote, JsonNode item, String out, boolean json) {
    String id = item.path("id").asText();
    byte[] content = remote.bytes(item.path("href").asText());
    if ("-".equals(out)) {
      io.out().write(content, 0, content.length);
      io.out().flush();
      return ExitCodes.OK;
    }
    Path where = out != null ? Path.of(out) : Path.of(id.replaceAll("[^A-Za-z0-9._-]", "_"));
    try {
      if (where.toAbsolutePath().getParent() != null) Files.createDirectories(where.toAbsolutePath().getParent());
      Files.write(where, content);
    } catch (java.io.IOException e) {
      throw new UserError("cannot write the report to " + where + ": " + e.getMessage());
    }
    if (json) {
      ObjectNode n = item.deepCopy();
      n.put("file", where.toString());
      n.put("bytes", content.length);
      io.out().println(n.toString());
    } else {
      io.out().println((item.hasNonNull("kind") ? item.path("kind").asText() + " report" : "report") + ": " + where
          + " (" + content.length + " bytes; on the server " + id + ")");
    }
    io.out().flush();
    return ExitCodes.OK;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
