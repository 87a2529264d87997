package io.taskexec.reporting.render;

import io.taskexec.reporting.ReportFormat;
import io.taskexec.reporting.model.AccountingReport;
import io.taskexec.reporting.model.RunReport;
import io.taskexec.reporting.model.TaskReport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a report record in a format: JSON straight from the record; HTML from the kind's template
 * ({@code run.html}, {@code task.html}, {@code accounting.html}) with its charts inlined as SVG;
 * PDF from the same template, rendered with {@code print} set. Thread-safe.
 */
public final class Renderer {
  private final Templates templates;

  public Renderer(Templates templates) {
    this.templates = templates;
  }

  public Templates templates() {
    return templates;
  }

  /** The report in {@code format}; {@code report} is a {@link RunReport}, {@link TaskReport} or {@link AccountingReport}. */
  public byte[] render(Object report, ReportFormat format) {
    return switch (format) {
      case JSON -> Json.bytes(report);
      case HTML -> html(report, false).getBytes(StandardCharsets.UTF_8);
      case PDF -> Pdf.render(html(report, true), kind(report) + ".html");
    };
  }

  /** The HTML of a report; {@code print} is for the PDF. */
  public String html(Object report, boolean print) {
    @SuppressWarnings("unchecked")
    Map<String, Object> scope = (Map<String, Object>) Display.enrich(Json.tree(report));
    Map<String, Object> all = new LinkedHashMap<>(scope);
    all.put("charts", charts(report));
    all.put("print", print);
    return templates.render(kind(report) + ".html", all);
  }

  private static Map<String, String> charts(Object report) {
    return switch (report) {
      case RunReport r -> Charts.run(r);
      case TaskReport t -> Charts.task(t);
      case AccountingReport a -> Charts.accounting(a);
      default -> throw new IllegalArgumentException("not a report: " + report.getClass().getName());
    };
  }

  static String kind(Object report) {
    return switch (report) {
      case RunReport r -> "run";
      case TaskReport t -> "task";
      case AccountingReport a -> "accounting";
      default -> throw new IllegalArgumentException("not a report: " + report.getClass().getName());
    };
  }
}
