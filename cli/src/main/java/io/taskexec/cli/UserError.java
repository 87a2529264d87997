package io.taskexec.cli;

import io.taskexec.validate.Problem;
import java.util.List;

/**
 * A mistake in what the user gave us (a missing file, problems in a task file or configuration).
 * Printed without a stack trace; the command exits with {@link ExitCodes#INVALID_INPUT}.
 *
 * @param source the file the problems are in, for the count line; may be null
 */
final class UserError extends RuntimeException {
  private final transient List<Problem> problems;
  private final String source;

  UserError(String message) {
    super(message);
    this.problems = List.of();
    this.source = null;
  }

  UserError(String source, List<Problem> problems) {
    super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + (source == null ? "" : " in " + source));
    this.problems = List.copyOf(problems);
    this.source = source;
  }

  List<Problem> problems() {
    return problems;
  }

  String source() {
    return source;
  }
}
