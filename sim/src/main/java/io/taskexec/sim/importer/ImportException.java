package io.taskexec.sim.importer;

import java.nio.file.Path;

/**
 * A workload file that cannot be read as its format: the message names the file, the line (or the
 * JSON path) and the field, and says what was expected.
 */
public final class ImportException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImportException(Path file, String where, String message) {
    super(file + (where == null || where.isEmpty() ? "" : ":" + where) + ": " + message);
  }

  public ImportException(Path file, String where, String message, Throwable cause) {
    super(file + (where == null || where.isEmpty() ? "" : ":" + where) + ": " + message, cause);
  }
}
