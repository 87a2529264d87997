package io.taskexec.server.http;

import io.taskexec.reporting.Report;
import io.taskexec.reporting.ReportException;
import io.taskexec.reporting.ReportFormat;
import io.taskexec.reporting.ReportGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/reports}: generates a report with the {@code reporting} module (run, task or
 * accounting; html, json or pdf), writes it under {@code <data>/reports} and adds it to the store's
 * index, from which {@code GET /api/v1/reports/{id}} serves it.
 */
final class ReportApi {
  private final ApiContext ctx;
  private final ReportGenerator generator;

  ReportApi(ApiContext ctx) {
    this.ctx = ctx;
    this.generator = new ReportGenerator(ctx.config().reporting(), null, ctx.engine().clock());
  }

  void generate(Call c) {
    String kind = c.query("kind") == null ? "run" : c.query("kind");
    String formatName = c.query("format") == null ? "html" : c.query("format");
    ReportFormat format;
    try {
      format = ReportFormat.of(formatName);
    } catch (IllegalArgumentException e) {
      throw TaskApi.queryProblem("format", "format must be html, json or pdf, got " + formatName, "write format=html");
    }
    // events are written behind: a report shows every event the API has already shown
    ctx.engine().persist();
    List<Report> reports;
    try {
      reports = switch (kind) {
        case "run" -> generator.run(ctx.store(), "taskexec server", "server", List.of(format));
        case "task" -> {
          String task = c.query("task");
          if (task == null) throw TaskApi.queryProblem("task", "a task report needs task=ID", "write kind=task&task=extract");
          yield generator.task(ctx.store(), task, "server", ctx.dataDir(), List.of(format));
        }
        case "accounting" -> generator.accounting(ctx.store(), instant(c, "from"), instant(c, "to"), "server", List.of(format));
        default -> throw TaskApi.queryProblem("kind", "kind must be run, task or accounting, got " + kind, "write kind=run");
      };
    } catch (ReportException e) {
      throw new ApiProblem(422, "Cannot make the report", e.getMessage());
    }
    List<Object> items = new ArrayList<>();
    for (Report r : reports) {
      ReportGenerator.write(r, ctx.dataDir().resolve("reports"), ctx.store());
      String id = r.id() + "." + r.format().extension(); // as the store's index names it
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("kind", r.kind());
      m.put("format", formatName);
      m.put("created", r.created().toString());
      m.put("href", "/api/v1/reports/" + id);
      items.add(m);
    }
    c.json(201, Map.of("items", items));
  }

  private static Instant instant(Call c, String name) {
    String v = c.query(name);
    if (v == null) return null;
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw TaskApi.queryProblem(name, name + " must be an ISO-8601 instant, got " + v, "write e.g. " + name + "=2026-01-01T00:00:00Z");
    }
  }

}
