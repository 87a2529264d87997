package io.taskexec.ingest;

import io.taskexec.TaskexecException;
import java.nio.file.Path;

/**
 * A file could not be read at all (missing, a directory, no permission, an I/O error). What is
 * wrong inside a file that was read is a {@link io.taskexec.validate.ValidationException} instead.
 */
public class IngestException extends TaskexecException {
  private final Path file;

  public IngestException(Path file, String reason, Throwable cause) {
    super("cannot read " + file + ": " + reason, cause);
    this.file = file;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
