package io.taskexec.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One request as a handler sees it: the caller, path and query parameters, the body read within
 * the server's size limit, and ways to answer with JSON or text.
 */
public final class Call {
  private final ServerRequest req;
  private final ServerResponse res;
  private final Caller caller;
  private final long maxBodyBytes;

  Call(ServerRequest req, ServerResponse res, Caller caller, long maxBodyBytes) {
    this.req = req;
    this.res = res;
    this.caller = caller;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Caller caller() {
    return caller;
  }

  ServerRequest request() {
    return req;
  }

  ServerResponse response() {
    return res;
  }

  public String pathParam(String name) {
    return req.path().pathParameters().get(name);
  }

  /** A query parameter, or null when absent or empty. */
  public String query(String name) {
    String v = req.query().first(name).orElse(null);
    return v == null || v.isEmpty() ? null : v;
  }

  public Optional<String> header(String name) {
    return req.headers().first(HeaderNames.create(name));
  }

  /** The media type of the body, lower case and without parameters; empty when not given. */
  public String contentType() {
    return header("Content-Type").map(v -> v.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT)).orElse("");
  }

  /**
   * The body as UTF-8 text.
   *
   * @throws ApiProblem 413 when it is larger than {@code server.max_body_size}
   */
  public String body() throws IOException {
    long declared = header("Content-Length").map(Call::parseLong).orElse(-1L);
    if (declared > maxBodyBytes) throw tooLarge(declared);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), maxBodyBytes));
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = req.content().inputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > maxBodyBytes) throw tooLarge(-1);
        out.write(buf, 0, n);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private ApiProblem tooLarge(long declared) {
    return new ApiProblem(413, "Request body too large", (declared > 0 ? "the body has " + declared + " bytes; " : "the body is larger than allowed; ")
        + "the most this server accepts is " + maxBodyBytes + " bytes (server.max_body_size): split the tasks into several requests");
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public void json(int status, Object value) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(Json.bytes(value));
  }

  public void json(Object value) {
    json(200, value);
  }

  public void text(int status, String contentType, byte[] body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, contentType);
    res.send(body);
  }
}
