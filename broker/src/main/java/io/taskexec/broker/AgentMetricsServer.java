package io.taskexec.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves an agent's {@code GET /metrics} ({@link AgentMetrics}) over HTTP, guarded by a bearer
 * token like the server's own {@code /metrics}: the {@link Guard} says whether a presented token
 * may read it (401 without a known token, 403 when its roles do not allow reading). The Accept
 * header chooses OpenMetrics or the Prometheus text format. One thread; closed with the agent.
 */
public final class AgentMetricsServer implements AutoCloseable {
  /** What a presented bearer token (null: none) may do. Must be thread-safe. */
  @FunctionalInterface
  public interface Guard {
    Verdict check(String bearerToken);

    /** Anyone may read: {@code server.metrics_public}, or a server without authentication. */
    Guard PUBLIC = token -> Verdict.ALLOWED;
  }

  public enum Verdict { ALLOWED, UNKNOWN_TOKEN, FORBIDDEN }

  private final HttpServer server;
  private final ExecutorService thread;

  private AgentMetricsServer(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /**
   * Starts serving on {@code host:port} (0: any free port).
   *
   * @throws IOException when the address cannot be bound
   */
  public static AgentMetricsServer start(AgentMetrics metrics, String host, int port, Guard guard) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext("/metrics", ex -> {
      try (ex) {
        handle(ex, metrics, guard);
      }
    });
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "taskexec-agent-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(thread);
    server.start();
    return new AgentMetricsServer(server, thread);
  }

  private static void handle(HttpExchange ex, AgentMetrics metrics, Guard guard) throws IOException {
    String method = ex.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      ex.sendResponseHeaders(405, -1);
      return;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    switch (guard.check(token)) {
      case UNKNOWN_TOKEN -> {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"taskexec\"");
        text(ex, 401, "a bearer token with the viewer role is needed: send Authorization: Bearer <token>\n");
        return;
      }
      case FORBIDDEN -> {
        text(ex, 403, "this token's roles do not allow reading metrics (viewer, submitter, admin or agent do)\n");
        return;
      }
      case ALLOWED -> { }
    }
    boolean om = AgentMetrics.wantsOpenMetrics(ex.getRequestHeaders().getFirst("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream(8 * 1024);
    metrics.scrape(body, om);
    ex.getResponseHeaders().set("Content-Type", AgentMetrics.contentType(om));
    ex.sendResponseHeaders(200, "HEAD".equals(method) ? -1 : body.size());
    if (!"HEAD".equals(method)) body.writeTo(ex.getResponseBody());
  }

  private static void text(HttpExchange ex, int status, String message) throws IOException {
    byte[] b = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
