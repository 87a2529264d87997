package io.taskexec.config;

/**
 * {@code task_execution.server}: where the coordinator's HTTP API listens and whether it asks for a
 * token. Owned by the {@code server} module, which extends it as it grows.
 *
 * @param host the address to bind, loopback by default
 * @param port the HTTP port; 0 picks a free one
 * @param authRequired every endpoint but health asks for a bearer token (default true)
 */
public record ServerConfig(String host, int port, boolean authRequired) {
  public static final ServerConfig DEFAULT = new ServerConfig("127.0.0.1", 8080, true);
}
