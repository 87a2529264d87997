package io.taskexec.reporting;

import io.taskexec.config.ReportingConfig;
import io.taskexec.reporting.model.AccountingReportBuilder;
import io.taskexec.reporting.model.RunReportBuilder;
import io.taskexec.reporting.model.TaskReportBuilder;
import io.taskexec.reporting.render.Renderer;
import io.taskexec.reporting.render.Templates;
import io.taskexec.store.ReportEntry;
import io.taskexec.store.StateStore;
import io.taskexec.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Makes reports from a store: the model of a kind is computed once and written in every format
 * asked for; reports already made of the same data come from the {@link ReportCache}. The one
 * entry point of the module for the command, the server and library users. Thread-safe.
 */
public final class ReportGenerator {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final Renderer renderer;
  private final ReportCache cache;
  private final Clock clock;

  /** @param templatesDir the user's templates ({@code templates_path} resolved), or null for the built-in ones */
  public ReportGenerator(ReportingConfig config, Path templatesDir, Clock clock) {
    this.renderer = new Renderer(new Templates(templatesDir));
    this.cache = new ReportCache(config.cacheSize());
    this.clock = clock;
  }

  public ReportCache cache() {
    return cache;
  }

  public Renderer renderer() {
    return renderer;
  }

  /** The run report of everything in {@code store}. */
  public List<Report> run(StateStore store, String title, String source, List<ReportFormat> formats) {
    Instant now = clock.now();
    return make("run", "all", store, formats, now, () -> RunReportBuilder.of(store, title, source, now));
  }

  /**
   * The report of one task.
   *
   * @param baseDir where relative log locations are resolved
   * @throws ReportException when the task is not stored
   */
  public List<Report> task(StateStore store, String taskId, String source, Path baseDir, List<ReportFormat> formats) {
    Instant now = clock.now();
    return make("task", taskId, store, formats, now, () -> {
      try {
        return TaskReportBuilder.of(store, taskId, source, baseDir, now);
      } catch (IllegalArgumentException e) {
        throw new ReportException(e.getMessage() + "; `taskexec status` lists the stored tasks");
      }
    });
  }

  /** The accounting report over {@code [from, to)}; null bounds mean the whole store and now. */
  public List<Report> accounting(StateStore store, Instant from, Instant to, String source, List<ReportFormat> formats) {
    Instant now = clock.now();
    String subject = (from == null ? "start" : from.toString()) + ".." + (to == null ? "now" : to.toString());
    return make("accounting", subject, store, formats, now, () -> AccountingReportBuilder.of(store, from, to, source, now));
  }

  private List<Report> make(String kind, String subject, StateStore store, List<ReportFormat> formats, Instant now,
      Supplier<Object> model) {
    String version = store.lastEventSeq() + "." + store.lastTaskSeq();
    List<Report> out = new ArrayList<>(formats.size());
    Object built = null;
    for (ReportFormat f : formats) {
      String key = kind + "|" + subject + "|" + f + "|" + version;
      Report hit = cache.get(key).orElse(null);
      if (hit != null) {
        out.add(hit);
        continue;
      }
      if (built == null) built = model.get();
      String base = kind.equals("task") ? "task-" + safe(subject) : kind;
      String id = base + "-" + STAMP.format(now);
      Report r = new Report(id, kind, f, id + "." + f.extension(), now, renderer.render(built, f));
      cache.put(key, r);
      out.add(r);
    }
    return out;
  }

  /**
   * Writes a report into {@code dir} (atomically: a reader never sees half a file) and adds it to
   * the store's index of reports when the store keeps one.
   *
   * @return the file written
   */
  public static Path write(Report r, Path dir, StateStore index) {
    return writeFile(r, dir.resolve(r.fileName()), index);
  }

  /** Writes a report to {@code file}, atomically, and indexes it in {@code index} (may be null). */
  public static Path writeFile(Report r, Path file, StateStore index) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".report-", ".tmp");
      Files.write(tmp, r.content());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file + ": " + e.getMessage(), e);
    }
    if (index != null) {
      try {
        index.addReport(new ReportEntry(r.id() + "." + r.format().extension(), r.kind(), r.format().wireName(),
            file.toString(), r.created()));
      } catch (UnsupportedOperationException e) {
        // a store without an index of reports: the file is what counts
      }
    }
    return file;
  }

  static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
