package io.taskexec.cli;

import io.taskexec.config.ReportingConfig;
import io.taskexec.reporting.Report;
import io.taskexec.reporting.ReportException;
import io.taskexec.reporting.ReportFormat;
import io.taskexec.reporting.ReportGenerator;
import io.taskexec.reporting.deliver.Distributor;
import io.taskexec.store.StateStore;
import io.taskexec.time.Clock;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports the command writes: where they go ({@code <data>/reports/}), which templates they use
 * ({@code templates_path}, relative to the task file's directory) and their delivery to the
 * configured targets, outbox first. Used by {@code run} (its run report at the end) and by
 * {@code report}.
 */
final class RunReports {
  private RunReports() {}

  /** The user's templates directory: {@code templates_path} resolved against the task file's directory. */
  static Path templates(ReportingConfig c, Path taskFile) {
    Path p = Path.of(c.templatesPath());
    if (p.isAbsolute()) return p;
    Path dir = taskFile.toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p);
  }

  /** The formats {@code taskexec run} writes (see {@link ReportingConfig#runFormats}). */
  static List<ReportFormat> formats(ReportingConfig c) {
    List<ReportFormat> out = new ArrayList<>();
    for (String f : c.runFormats()) out.add(ReportFormat.of(f));
    return out;
  }

  /**
   * At the end of {@code taskexec run}: writes the run report in {@code runFormats} (the configured
   * formats when the configuration names them, else JSON and HTML) into
   * {@code <data>/reports/}, indexes them in the store, delivers them to the configured targets
   * (after retrying what waits in the outbox) and prints where they are. A failure is reported on
   * stderr and does not change the run's result.
   */
  static void afterRun(StateStore store, ReportingConfig config, Path taskFile, String shown, Path data, Clock clock,
      PrintStream out, PrintStream err) {
    if (config.runFormats().isEmpty()) return;
    try {
      ReportGenerator g = new ReportGenerator(config, templates(config, taskFile), clock);
      List<Report> reports = g.run(store, "Run of " + shown, shown, formats(config));
      List<String> written = new ArrayList<>();
      for (Report r : reports) written.add(Inputs.display(ReportGenerator.write(r, data.resolve("reports"), store)));
      out.println("report:  " + String.join(", ", written));
      deliver(config, taskFile, data, reports, err);
    } catch (ReportException | UncheckedIOException e) {
      err.println("taskexec: could not write the run report: " + e.getMessage());
    }
    out.flush();
  }

  /** Delivers to the configured targets, the outbox first; says what failed and where it waits. */
  static void deliver(ReportingConfig config, Path taskFile, Path data, List<Report> reports, PrintStream err) {
    if (config.targets().isEmpty()) return;
    Path base = taskFile.toAbsolutePath().getParent();
    Distributor d = Distributor.of(config, base == null ? Path.of("") : base, data);
    List<Distributor.Result> results = new ArrayList<>(d.retryOutbox());
    results.addAll(d.deliver(reports));
    for (Distributor.Result r : results) {
      if (r.delivered()) continue;
      err.println("taskexec: report " + r.reportId() + " not delivered to " + r.target() + " (" + r.error()
          + "); it waits in " + Inputs.display(r.outboxEntry() == null ? d.outbox().directory() : r.outboxEntry())
          + " and is sent again by the next run or report");
    }
  }
}
