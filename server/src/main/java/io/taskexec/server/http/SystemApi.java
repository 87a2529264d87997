package io.taskexec.server.http;

import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.store.ReportEntry;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Health, readiness, who am I, tokens, counts, alerts, reports, metrics and the OpenAPI document. */
final class SystemApi {
  private final ApiContext ctx;
  private volatile boolean ready = true;

  SystemApi(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Marks the server as going away: readiness answers 503 from now on. */
  void draining() {
    ready = false;
  }

  void health(Call c) {
    c.json(Map.of("status", "UP"));
  }

  /** Ready when the engine accepts work and the store answers. */
  void ready(Call c) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ok = ready;
    try {
      out.put("last_event_seq", ctx.store().lastEventSeq());
    } catch (RuntimeException e) {
      ok = false;
      out.put("store", "unavailable: " + e.getMessage());
    }
    out.put("status", ok ? "READY" : "NOT_READY");
    c.json(ok ? 200 : 503, out);
  }

  void whoami(Call c) {
    c.json(Map.of("name", c.caller().name(), "roles", c.caller().roles().stream().sorted().toList()));
  }

  /** The configured tokens: names and roles, never hashes. */
  void tokens(Call c) {
    List<Object> items = new ArrayList<>();
    for (ApiToken t : ctx.tokens().all()) items.add(Map.of("name", t.name(), "roles", t.roles().stream().sorted().toList()));
    c.json(Map.of("items", items));
  }

  void counts(Call c) {
    Map<String, Object> counts = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<TaskState, Long> e : ctx.engine().counts().entrySet()) {
      counts.put(e.getKey().name(), e.getValue());
      total += e.getValue();
    }
    c.json(Map.of("counts", counts, "total", total));
  }

  /**
   * The alert rules that fire now ({@code state: firing}) or fired lately ({@code resolved}), firing
   * first; {@code ?state=firing} keeps only those. {@code firing} counts them for the badge.
   */
  void alerts(Call c) {
    String state = c.query("state");
    if (state != null && !state.equals("firing") && !state.equals("resolved"))
      throw TaskApi.queryProblem("state", "state must be firing or resolved, got " + state, "write state=firing");
    List<Map<String, Object>> all = ctx.alerts() == null ? List.of() : ctx.alerts().recent();
    List<Map<String, Object>> items = state == null ? all : all.stream().filter(a -> state.equals(a.get("state"))).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("firing", all.stream().filter(a -> "firing".equals(a.get("state"))).count());
    out.put("source", ctx.alerts() == null ? "none" : "monitoring");
    c.json(out);
  }

  void reports(Call c) {
    List<Object> items = new ArrayList<>();
    for (ReportEntry r : reportIndex()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("kind", r.kind());
      m.put("format", r.format());
      m.put("created", r.created().toString());
      m.put("href", "/api/v1/reports/" + r.id());
      items.add(m);
    }
    c.json(Map.of("items", items));
  }

  void report(Call c) throws IOException {
    String id = c.pathParam("id");
    ReportEntry r = reportIndex().stream().filter(e -> e.id().equals(id)).findFirst()
        .orElseThrow(() -> ApiProblem.notFound("no report has the id " + id));
    Path file = Path.of(r.path());
    if (!Files.isRegularFile(file)) throw ApiProblem.notFound("report " + id + " is in the index but its file "
        + file.getFileName() + " is gone");
    c.response().status(200);
    c.response().header("Content-Type", switch (r.format()) {
      case "json" -> "application/json";
      case "html" -> "text/html; charset=utf-8";
      case "pdf" -> "application/pdf";
      default -> "application/octet-stream";
    });
    c.response().header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
    try (InputStream in = Files.newInputStream(file); OutputStream out = c.response().outputStream()) {
      in.transferTo(out);
    }
  }

  private List<ReportEntry> reportIndex() {
    try {
      return ctx.store().reports();
    } catch (UnsupportedOperationException e) {
      return List.of();
    }
  }

  void metrics(Call c) throws IOException {
    if (ctx.metrics() == null) throw new ApiProblem(503, "Metrics unavailable",
        "monitoring is not attached to this server (the monitoring module is missing or disabled)");
    boolean om = c.header("Accept").map(a -> a.contains("application/openmetrics-text")).orElse(false);
    c.response().status(200);
    c.response().header("Content-Type", ctx.metrics().contentType(om));
    try (OutputStream out = c.response().outputStream()) {
      ctx.metrics().scrape(out, om);
    }
  }

  void openapi(Call c) throws IOException {
    try (InputStream in = SystemApi.class.getResourceAsStream("/openapi.json")) {
      c.text(200, "application/json", in.readAllBytes());
    }
  }
}
