package io.taskexec.validate;

import io.taskexec.TaskexecException;
import java.util.List;

/** The input was rejected; {@link #problems()} lists every problem found, not just the first. */
public class ValidationException extends TaskexecException {
  private final List<Problem> problems;

  public ValidationException(List<Problem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    for (Problem p : problems) sb.append(System.lineSeparator()).append("  ").append(p.format());
    return sb.toString();
  }
}
