package io.taskexec.bench;

import io.taskexec.config.ReportingConfig;
import io.taskexec.reporting.ReportFormat;
import io.taskexec.reporting.render.Renderer;
import io.taskexec.reporting.render.Templates;
import io.taskexec.reporting.model.RunReport;
import io.taskexec.reporting.model.RunReportBuilder;
import io.taskexec.reporting.model.StoreScan;
import io.taskexec.store.jdbc.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Group (r): the run report of a stored run of 10,000 and of 100,000 tasks (SQLite, written by
 * {@link io.taskexec.reporting.SyntheticRun}: 16 agents, retries, failures, deadlines, metric summaries for half the
 * tasks). For each size: the time to read the store and compute the report model, to render HTML
 * and PDF from it, the heap the model's builder holds once every task was read (live, after a
 * full GC) and the peak heap used while it ran. Goals (issue 5): HTML <= 10 s and PDF <= 30 s for
 * 100,000 tasks; the builder's heap should not grow with the tasks beyond what the report needs
 * (a few primitives per task for the critical path and the timeline).
 */
final class ReportGroup {
  private ReportGroup() {}

  static boolean run(Settings s, Report report, Consumer<String> log) throws Exception {
    Path dir = Files.createTempDirectory("taskexec-bench-report-");
    Result small = measure(dir.resolve("10k"), 10_000, log);
    Result large = measure(dir.resolve("100k"), 100_000, log);
    report.add(Figure.beside("r.model.100k", "run report model, 100k tasks (read store + compute)", large.modelSeconds, "s",
        "10k tasks", small.modelSeconds));
    report.add(Figure.of("r.html.100k", "run report HTML, 100k tasks (model + render)", large.modelSeconds + large.htmlSeconds,
        "s", null, Double.NaN, Goal.valueAtMost(10, "s")));
    report.add(Figure.of("r.pdf.100k", "run report PDF, 100k tasks (model + render)", large.modelSeconds + large.pdfSeconds,
        "s", null, Double.NaN, Goal.valueAtMost(30, "s")));
    report.add(Figure.beside("r.held.100k", "heap held by the report builder, 100k tasks", large.heldMb, "MB", "10k tasks",
        small.heldMb));
    report.add(Figure.beside("r.peak.100k", "peak heap used while making the HTML, 100k tasks", large.peakMb, "MB", "10k tasks",
        small.peakMb));
    return true;
  }

  record Result(double modelSeconds, double htmlSeconds, double pdfSeconds, double heldMb, double peakMb, int htmlKb, int pdfKb) {}

  static Result measure(Path dir, int tasks, Consumer<String> log) throws Exception {
    Files.createDirectories(dir);
    long t = System.nanoTime();
    try (SqliteStateStore store = new SqliteStateStore(dir.resolve("state.db"), Duration.ofSeconds(1))) {
      new io.taskexec.reporting.SyntheticRun().write(store, tasks, 16);
      log.accept(String.format(Locale.ROOT, "[r] %,d tasks written to %s in %.1f s", tasks, dir, (System.nanoTime() - t) / 1e9));
    }
    try (SqliteStateStore store = new SqliteStateStore(dir.resolve("state.db"), Duration.ofSeconds(1))) {
      Instant now = Instant.parse("2026-06-02T00:00:00Z");
      Renderer renderer = new Renderer(new Templates(null));
      // warm-up: one report of the whole store first; class loading, JIT and the page cache are not its cost
      renderer.render(RunReportBuilder.of(store, "warm-up", "bench", now), ReportFormat.PDF);
      HeapProbe probe = HeapProbe.start();
      long t0 = System.nanoTime();
      RunReportBuilder b = new RunReportBuilder(now);
      StoreScan.forEachTask(store, b::add);
      long t1 = System.nanoTime();
      // what the builder holds: the live heap with it, less the live heap once it is dropped
      long with = HeapProbe.liveHeap();
      long tb = System.nanoTime();
      RunReport model = b.build("Run of " + tasks + " tasks", "bench", null);
      long t2 = System.nanoTime();
      b = null;
      long held = with - HeapProbe.liveHeap();
      long t2r = System.nanoTime();
      byte[] html = renderer.render(model, ReportFormat.HTML);
      long t3 = System.nanoTime();
      HeapProbe.Usage heap = probe.finish();
      long t4 = System.nanoTime();
      byte[] pdf = renderer.render(model, ReportFormat.PDF);
      long t5 = System.nanoTime();
      double modelS = ((t1 - t0) + (t2 - tb)) / 1e9;
      Result r = new Result(modelS, (t3 - t2r) / 1e9, (t5 - t4) / 1e9, held / 1e6, heap.peakUsedBytes() / 1e6,
          html.length / 1024, pdf.length / 1024);
      log.accept(String.format(Locale.ROOT, "[r] %,d tasks: model %.2f s (read + aggregate), HTML %.2f s (%,d KB), PDF %.2f s (%,d KB); builder holds %.1f MB, peak used %.0f MB",
          tasks, r.modelSeconds, r.htmlSeconds, r.htmlKb, r.pdfSeconds, r.pdfKb, r.heldMb, r.peakMb));
      return r;
    }
  }
}
