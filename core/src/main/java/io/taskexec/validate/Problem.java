package io.taskexec.validate;

import java.util.Objects;

/**
 * One thing wrong with the input, as the user should read it: where, which field, what is wrong,
 * and what to do about it.
 *
 * @param path the field path, e.g. {@code tasks[3].requirements.cpu_cores}
 * @param message what is wrong
 * @param hint what to do; may be empty
 */
public record Problem(SourceLocation location, String path, String message, String hint) {
  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  /**
   * {@code file:line:col: path: message (hint)} on one line; the location is left out when unknown
   * and the path when empty (a problem with the file as a whole, such as a syntax error).
   */
  public String format() {
    String where = location.line() > 0 ? location + ": " : "";
    String field = path.isEmpty() ? "" : path + ": ";
    return where + field + message + (hint.isEmpty() ? "" : " (" + hint + ")");
  }

  @Override
  public String toString() {
    return format();
  }
}
