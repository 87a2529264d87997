package io.taskexec.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One generated report in the index: the report itself lives at {@code path}.
 *
 * @param kind what it reports on, e.g. {@code run}, {@code task}, {@code daily}
 * @param format {@code json}, {@code html}, {@code pdf}
 * @param path where the file was written (as given; relative paths stay relative)
 */
public record ReportEntry(String id, String kind, String format, String path, Instant created) {
  public ReportEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(created, "created");
  }
}
