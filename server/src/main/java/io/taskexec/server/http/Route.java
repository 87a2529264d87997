package io.taskexec.server.http;

/**
 * One route of the API: what {@link ApiServer} serves, what the OpenAPI document must describe and
 * what the access test walks.
 *
 * @param method GET, POST, ...
 * @param path a path template, parameters in braces: {@code /api/v1/tasks/{id}}
 * @param access what the caller's token must allow
 */
public record Route(String method, String path, Access access, Handler handler) {
  /** Answers one request; throws {@link ApiProblem} (or a validation/conflict exception) for errors. */
  @FunctionalInterface
  public interface Handler {
    void handle(Call call) throws Exception;
  }

  static Route get(String path, Access access, Handler h) {
    return new Route("GET", path, access, h);
  }

  static Route post(String path, Access access, Handler h) {
    return new Route("POST", path, access, h);
  }
}
