package io.taskexec.server.http;

import io.taskexec.validate.Problem;
import java.util.List;

/**
 * An error answer: thrown by handlers, written by {@link ApiServer} as an RFC 9457
 * {@code application/problem+json} document. A user's mistake, never logged as a server error.
 *
 * @param status the HTTP status
 * @param title a short, fixed summary for the status (e.g. "Invalid tasks")
 * @param detail what is wrong in this request and what to do
 * @param problems field-level problems with paths and source locations; may be empty
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String title;
  private final transient List<Problem> problems;

  public ApiProblem(int status, String title, String detail, List<Problem> problems) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.problems = List.copyOf(problems);
  }

  public ApiProblem(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<Problem> problems() {
    return problems;
  }

  static ApiProblem notFound(String what) {
    return new ApiProblem(404, "Not found", what);
  }

  static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad request", detail);
  }
}
