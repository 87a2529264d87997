package io.taskexec.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code task_execution.server}: where the coordinator's HTTP API listens, who may use it and what
 * it accepts. Owned by the {@code server} module.
 *
 * @param host the address to bind, loopback by default
 * @param port the HTTP port; 0 picks a free one
 * @param authRequired every endpoint but health asks for a bearer token (default true)
 * @param tokensFile a YAML file with a {@code tokens:} list (see {@link ApiToken}), or null
 * @param tokens API tokens written in the configuration itself (hashes only)
 * @param tlsKeystore a PKCS#12 (or JKS) keystore with the server's key and certificate; null serves
 *     plain HTTP
 * @param tlsKeystorePassword the keystore's password, or {@code env:NAME} to read it from the
 *     environment variable NAME when the server starts; null when there is no keystore
 * @param maxBodyBytes the largest request body accepted (default 10 MiB); larger ones get 413
 * @param maxBatchTasks the most tasks one request may submit (default 10,000)
 * @param metricsPublic serve {@code /metrics} without a token (default false)
 */
public record ServerConfig(String host, int port, boolean authRequired, String tokensFile, List<ApiToken> tokens,
    String tlsKeystore, String tlsKeystorePassword, long maxBodyBytes, int maxBatchTasks, boolean metricsPublic) {
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  public static final int DEFAULT_MAX_BATCH_TASKS = 10_000;
  public static final ServerConfig DEFAULT = new ServerConfig("127.0.0.1", 8080, true);

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    tokens = List.copyOf(tokens);
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    if (maxBodyBytes < 1) throw new IllegalArgumentException("max_body_size must be > 0, got " + maxBodyBytes);
    if (maxBatchTasks < 1) throw new IllegalArgumentException("max_batch_tasks must be >= 1, got " + maxBatchTasks);
  }

  /** Host, port and whether a token is required; everything else at its default. */
  public ServerConfig(String host, int port, boolean authRequired) {
    this(host, port, authRequired, null, List.of(), null, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH_TASKS, false);
  }

  public boolean tls() {
    return tlsKeystore != null;
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, authRequired, tokensFile, tokens, tlsKeystore, tlsKeystorePassword, maxBodyBytes,
        maxBatchTasks, metricsPublic);
  }

  public ServerConfig withTokens(List<ApiToken> t) {
    return new ServerConfig(host, port, authRequired, tokensFile, t, tlsKeystore, tlsKeystorePassword, maxBodyBytes,
        maxBatchTasks, metricsPublic);
  }

  public ServerConfig withTls(String keystore, String password) {
    return new ServerConfig(host, port, authRequired, tokensFile, tokens, keystore, password, maxBodyBytes,
        maxBatchTasks, metricsPublic);
  }

  public ServerConfig withLimits(long bodyBytes, int batchTasks) {
    return new ServerConfig(host, port, authRequired, tokensFile, tokens, tlsKeystore, tlsKeystorePassword, bodyBytes,
        batchTasks, metricsPublic);
  }

  /**
   * One API token as the server stores it: never the token itself, only its SHA-256.
   *
   * @param name who holds it (shown in logs and the API's answers), e.g. {@code ci} or {@code agent-7}
   * @param sha256 the token's SHA-256 as 64 lower-case hex digits
   * @param roles any of {@link #ROLES}: {@code viewer} (read), {@code submitter} (read, submit, cancel,
   *     retry), {@code admin} (everything), {@code agent} (what agents need), and the permission
   *     {@code shell} (submit tasks of type shell)
   */
  public record ApiToken(String name, String sha256, Set<String> roles) {
    public static final List<String> ROLES = List.of("viewer", "submitter", "admin", "agent", "shell");

    public ApiToken {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
      if (!sha256.matches("[0-9a-f]{64}"))
        throw new IllegalArgumentException("a token's sha256 must be 64 lower-case hex digits");
      roles = Set.copyOf(roles);
      for (String r : roles) {
        if (!ROLES.contains(r)) throw new IllegalArgumentException("unknown role '" + r + "'; roles are " + ROLES);
      }
    }
  }
}
