/**
 * The HTTP API and the dashboard, on Helidon SE's web server (virtual thread per request).
 *
 * <ul>
 *   <li>{@link io.taskexec.server.http.ApiRoutes} is the one table of routes: method, path, the
 *       access each needs, the handler. The server, the OpenAPI test and the access-control test all
 *       read it.
 *   <li>{@link io.taskexec.server.http.Access} and {@link io.taskexec.server.http.Tokens}: bearer
 *       tokens stored as SHA-256 hashes, compared in constant time; roles viewer &lt; submitter &lt;
 *       admin, the separate role {@code agent} and the permission {@code shell}.
 *   <li>{@link io.taskexec.server.http.ApiProblem}: every error is an RFC 9457
 *       {@code application/problem+json} document; validation problems carry their field paths and
 *       source locations.
 *   <li>{@link io.taskexec.server.http.EventFeed}: the live event stream (SSE) with resume from
 *       {@code Last-Event-ID}, the store's event sequence.
 *   <li>{@code /ui/}: the dashboard, plain HTML, CSS and JavaScript served from the classpath.
 * </ul>
 */
package io.taskexec.server.http;
