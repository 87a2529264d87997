package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client commands' connection to a taskexec server's HTTP API: JSON in and out, the token as a
 * bearer header. A problem document from the server becomes a {@link UserError} with its problems
 * (file:line:col path: message), so that remote mistakes print as local ones do.
 */
final class Remote {
  static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  Remote(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  String base() {
    return base;
  }

  JsonNode get(String path) {
    return json(send(request(path).GET().build()), path);
  }

  /** As {@link #get}, but null when the server answers 404. */
  JsonNode find(String path) {
    HttpResponse<String> res = send(request(path).GET().build());
    if (res.statusCode() == 404) return null;
    return json(res, path);
  }

  JsonNode post(String path, String contentType, String body) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) b.header("Content-Type", contentType);
    return json(send(b.build()), path);
  }

  /** A text answer (logs). */
  String text(String path) {
    HttpResponse<String> res = send(request(path).GET().build());
    if (res.statusCode() >= 400) throw failure(res, path);
    return res.body();
  }

  /** A binary answer (a report: HTML, JSON or PDF), as it came. */
  byte[] bytes(String path) {
    try {
      HttpResponse<byte[]> res = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() >= 400) throw failure(res.statusCode(), new String(res.body(), StandardCharsets.UTF_8), path);
      return res.body();
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }

  /** An open stream (server-sent events); the caller closes it. */
  InputStream stream(String path, String lastEventId) {
    HttpRequest.Builder b = request(path).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
    try {
      HttpResponse<InputStream> res = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (res.statusCode() >= 400) {
        String body = new String(res.body().readAllBytes(), StandardCharsets.UTF_8);
        res.body().close();
        throw failure(res.statusCode(), body, path);
      }
      return res.body();
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }

  private HttpRequest.Builder request(String path) {
    URI uri;
    try {
      uri = URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw new UserError("the server URL " + base + " is not valid; write it as http://host:port");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }

  private UserError unreachable(IOException e) {
    String why = e instanceof ConnectException ? "nothing answers there" : String.valueOf(e.getMessage());
    return new UserError("cannot reach the taskexec server at " + base + " (" + why + "); is it running? give --server URL or set TASKEXEC_SERVER");
  }

  private JsonNode json(HttpResponse<String> res, String path) {
    if (res.statusCode() >= 400) throw failure(res, path);
    try {
      return JSON.readTree(res.body());
    } catch (IOException e) {
      throw new IllegalStateException("the server answered " + path + " with something that is not JSON: " + e.getMessage());
    }
  }

  private UserError failure(HttpResponse<String> res, String path) {
    return failure(res.statusCode(), res.body(), path);
  }

  private UserError failure(int status, String body, String path) {
    JsonNode doc;
    try {
      doc = JSON.readTree(body);
    } catch (IOException e) {
      doc = null;
    }
    String detail = doc == null || !doc.hasNonNull("detail") ? "HTTP " + status : doc.get("detail").asText();
    if (status == 401) return new UserError("the server refused the token: " + detail
        + " (give --token, set TASKEXEC_TOKEN, or token: in ~/.config/taskexec/client.yaml)");
    if (status == 403) return new UserError("not allowed: " + detail);
    List<Problem> problems = new ArrayList<>();
    if (doc != null && doc.has("errors")) {
      for (JsonNode e : doc.get("errors")) {
        problems.add(new Problem(new SourceLocation(e.path("source").asText("<api>"), e.path("line").asInt(0), e.path("column").asInt(0)),
            e.path("path").asText(""), e.path("message").asText(""), e.path("hint").asText("")));
      }
    }
    if (!problems.isEmpty()) return new UserError(null, problems);
    return new UserError(detail);
  }
}
