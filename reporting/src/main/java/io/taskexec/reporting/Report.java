package io.taskexec.reporting;

import java.time.Instant;
import java.util.Objects;

/**
 * One generated report: its bytes and what they are.
 *
 * @param id unique and stable for the same report of the same data: {@code <kind>-<subject>-<time>}
 * @param kind {@code run}, {@code task} or {@code accounting}
 * @param fileName a file name for it, e.g. {@code run-report-20260601-120000.html}
 */
public record Report(String id, String kind, ReportFormat format, String fileName, Instant created, byte[] content) {
  public Report {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(content, "content");
  }
}
