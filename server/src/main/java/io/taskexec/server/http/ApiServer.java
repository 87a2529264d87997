package io.taskexec.server.http;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.taskexec.config.ServerConfig;
import io.taskexec.store.ConflictException;
import io.taskexec.store.StoreUnavailableException;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: every route of {@link ApiRoutes} behind the access check, the dashboard under
 * {@code /ui/}, TLS when {@code server.tls_keystore} is set. Errors become problem documents here,
 * in one place. Start with {@link #start}; {@link #close} stops it (open streams end).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ApiContext ctx;
  private final List<Route> routes;
  private final SystemApi system;
  private final WebServer server;

  private ApiServer(ApiContext ctx, SSLContext tls) {
    this.ctx = ctx;
    this.system = new SystemApi(ctx);
    this.routes = ApiRoutes.of(ctx, system);
    ServerConfig sc = ctx.config().server();
    HttpRouting.Builder routing = HttpRouting.builder();
    for (Route r : routes) routing.route(Method.create(r.method()), r.path(), (req, res) -> dispatch(r, req, res));
    routing.get("/", (req, res) -> {
      res.status(302);
      res.header("Location", "/ui/");
      res.send();
    });
    routing.get("/ui", UiAssets::serve);
    routing.get("/ui/*", UiAssets::serve);
    routing.any((req, res) -> problem(res, req.path().path(), new ApiProblem(404, "Not found",
        "no route " + req.prologue().method().text() + " " + req.path().path() + "; the API is described at /openapi.json")));
    io.helidon.webserver.WebServerConfig.Builder b = WebServer.builder().host(sc.host()).port(sc.port()).routing(routing)
        .maxPayloadSize(-1).shutdownGracePeriod(java.time.Duration.ofSeconds(2));
    if (tls != null) b.tls(t -> t.sslContext(tls));
    this.server = b.build();
  }

  /** Starts serving; returns once the port is bound. */
  public static ApiServer start(ApiContext ctx, SSLContext tls) {
    ApiServer s = new ApiServer(ctx, tls);
    s.server.start();
    log.info("taskexec API on {}://{}:{}", tls == null ? "http" : "https", ctx.config().server().host(), s.port());
    return s;
  }

  public int port() {
    return server.port();
  }

  /** The routes this server answers, for tests and the OpenAPI check. */
  public List<Route> routes() {
    return routes;
  }

  private void dispatch(Route r, ServerRequest req, ServerResponse res) {
    String instance = req.path().path();
    try {
      Caller caller = authenticate(r, req);
      r.handler().handle(new Call(req, res, caller, ctx.limits().maxBodyBytes()));
    } catch (ApiProblem p) {
      problem(res, instance, p);
    } catch (ValidationException e) {
      problem(res, instance, Submissions.invalid(e.problems()));
    } catch (ConflictException e) {
      problem(res, instance, new ApiProblem(409, "Conflict", "task ids already used by a different task: "
          + String.join(", ", e.taskIds()) + "; give the new tasks other ids, or leave id out to get generated ones"));
    } catch (StoreUnavailableException e) {
      problem(res, instance, new ApiProblem(503, "Store unavailable", e.getMessage()));
    } catch (IllegalStateException e) {
      if (!"the engine is closed".equals(e.getMessage())) internal(res, instance, r, e);
      else problem(res, instance, new ApiProblem(503, "Shutting down", "the server is stopping; try again in a moment"));
    } catch (Exception e) {
      internal(res, instance, r, e);
    }
  }

  private void internal(ServerResponse res, String instance, Route r, Exception e) {
    log.error("{} {} failed", r.method(), r.path(), e);
    problem(res, instance, new ApiProblem(500, "Internal error", "the server failed to answer; its log has the details"));
  }

  private Caller authenticate(Route r, ServerRequest req) {
    if (r.access() == Access.PUBLIC || !ctx.config().server().authRequired()) return Caller.ANONYMOUS;
    Optional<String> header = req.headers().first(io.helidon.http.HeaderNames.AUTHORIZATION);
    if (header.isEmpty()) throw unauthorized("this endpoint needs an API token: send Authorization: Bearer <token>");
    String h = header.get().trim();
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) throw unauthorized("send the token as Authorization: Bearer <token>");
    Caller caller = ctx.tokens().find(h.substring(7).trim()).orElseThrow(() -> unauthorized("the token is not valid"));
    if (!r.access().allows(caller.roles())) throw new ApiProblem(403, "Forbidden", "token '" + caller.name()
        + "' (roles " + caller.roles().stream().sorted().toList() + ") may not do this: it needs the role "
        + r.access().wireName() + " or higher");
    return caller;
  }

  private static ApiProblem unauthorized(String detail) {
    return new ApiProblem(401, "Unauthorized", detail);
  }

  static void problem(ServerResponse res, String instance, ApiProblem p) {
    if (res.isSent()) return;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", "about:blank");
    doc.put("title", p.title());
    doc.put("status", p.status());
    doc.put("detail", p.detail());
    doc.put("instance", instance);
    if (!p.problems().isEmpty()) {
      List<Object> errors = new ArrayList<>();
      for (Problem q : p.problems()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", q.path());
        e.put("message", q.message());
        e.put("hint", q.hint());
        e.put("source", q.location().source());
        if (q.location().line() > 0) {
          e.put("line", q.location().line());
          e.put("column", q.location().column());
        }
        errors.add(e);
      }
      doc.put("errors", errors);
    }
    res.status(p.status());
    res.header("Content-Type", "application/problem+json");
    if (p.status() == 401) res.header("WWW-Authenticate", "Bearer realm=\"taskexec\"");
    res.send(Json.bytes(doc));
  }

  /** Readiness answers 503 from now on; the routes keep answering until {@link #close}. */
  public void draining() {
    system.draining();
  }

  @Override
  public void close() {
    ctx.feed().close();
    server.stop();
  }
}
