package io.taskexec.server.http;

import static io.taskexec.server.http.Access.ADMIN;
import static io.taskexec.server.http.Access.PUBLIC;
import static io.taskexec.server.http.Access.SUBMITTER;
import static io.taskexec.server.http.Access.VIEWER;
import static io.taskexec.server.http.Route.get;
import static io.taskexec.server.http.Route.post;

import java.util.List;

/**
 * Every route of the API, in one table: what the server serves, the OpenAPI document describes
 * ({@code OpenApiTest} checks both ways) and the access test walks. {@code /metrics} needs a viewer
 * token unless {@code server.metrics_public}.
 */
public final class ApiRoutes {
  private ApiRoutes() {}

  static List<Route> of(ApiContext ctx, SystemApi system) {
    TaskApi tasks = new TaskApi(ctx);
    RunApi runs = new RunApi(ctx);
    AgentApi agents = new AgentApi(ctx);
    StreamApi stream = new StreamApi(ctx);
    ReportApi reports = new ReportApi(ctx);
    Explanations explain = new Explanations(ctx);
    return List.of(
        get("/health", PUBLIC, system::health),
        get("/ready", PUBLIC, system::ready),
        get("/metrics", ctx.config().server().metricsPublic() ? PUBLIC : VIEWER, system::metrics),
        get("/openapi.json", VIEWER, system::openapi),
        get("/api/v1/whoami", VIEWER, system::whoami),
        get("/api/v1/tokens", ADMIN, system::tokens),
        post("/api/v1/tasks", SUBMITTER, tasks::submit),
        get("/api/v1/tasks", VIEWER, tasks::list),
        get("/api/v1/tasks/{id}", VIEWER, tasks::get),
        post("/api/v1/tasks/{id}/cancel", SUBMITTER, tasks::cancel),
        post("/api/v1/tasks/{id}/retry", SUBMITTER, tasks::retry),
        get("/api/v1/tasks/{id}/events", VIEWER, tasks::events),
        get("/api/v1/tasks/{id}/logs", VIEWER, tasks::logs),
        get("/api/v1/tasks/{id}/explain", VIEWER, explain::explain),
        get("/api/v1/counts", VIEWER, system::counts),
        post("/api/v1/runs", SUBMITTER, runs::submit),
        get("/api/v1/runs", VIEWER, runs::list),
        get("/api/v1/runs/{id}", VIEWER, runs::get),
        post("/api/v1/runs/{id}/cancel", SUBMITTER, runs::cancel),
        get("/api/v1/agents", VIEWER, agents::list),
        get("/api/v1/events", VIEWER, stream::stream),
        get("/api/v1/alerts", VIEWER, system::alerts),
        get("/api/v1/reports", VIEWER, system::reports),
        post("/api/v1/reports", SUBMITTER, reports::generate),
        get("/api/v1/reports/{id}", VIEWER, system::report));
  }
}
