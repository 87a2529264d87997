package io.taskexec.server;

import io.taskexec.config.ServerConfig;
import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.ingest.TokensFile;
import io.taskexec.server.http.ApiContext;
import io.taskexec.server.http.ApiServer;
import io.taskexec.server.http.EventFeed;
import io.taskexec.server.http.Tokens;
import io.taskexec.store.StateStore;
import io.taskexec.store.jdbc.StateStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The server process: opens the store that {@code engine.state_manager} names (a SQLite file in the
 * data directory, or PostgreSQL), builds the engine on it (tasks left by a previous server are taken
 * back), and serves the HTTP API and the dashboard.
 *
 * <pre>{@code
 * try (TaskexecServer s = TaskexecServer.start(config, Path.of("/etc/taskexec"), b -> {})) {
 *   s.port();
 * }
 * }</pre>
 *
 * <p>{@link #close} stops the API, then the engine with {@code stop()}: running work is not
 * cancelled but taken back by the next server on the same store.
 */
public final class TaskexecServer implements AutoCloseable {
  private final StateStore store;
  private final TaskExecutionEngine engine;
  private final ApiServer api;
  private final AutoCloseable monitoring;

  private TaskexecServer(StateStore store, TaskExecutionEngine engine, ApiServer api, AutoCloseable monitoring) {
    this.store = store;
    this.engine = engine;
    this.api = api;
    this.monitoring = monitoring;
  }

  /**
   * Starts a server.
   *
   * @param baseDir where relative paths of the configuration (data directory, tokens file, keystore)
   *     are resolved: the configuration file's directory
   * @param customize last changes to the engine builder (handlers, agents, clock); may do nothing
   * @throws io.taskexec.validate.ValidationException when the tokens file has problems
   * @throws io.taskexec.TaskexecException when the store or the keystore cannot be opened
   */
  public static TaskexecServer start(TaskExecutionConfig config, Path baseDir,
      Consumer<io.taskexec.engine.EngineBuilder> customize) {
    ServerConfig sc = config.server();
    Tokens tokens = new Tokens(tokens(sc, baseDir));
    if (sc.authRequired() && tokens.isEmpty()) throw new ServerStartException(
        "server.auth_required is true but no API token is configured: add server.tokens or server.tokens_file"
            + " (taskexec server --new-token NAME --roles admin prints one), or set server.auth_required: false for"
            + " a server that only you can reach");
    SSLContext tls = sc.tls() ? TlsContexts.fromKeystore(baseDir.resolve(sc.tlsKeystore()), sc.tlsKeystorePassword()) : null;
    Path dataDir = baseDir.resolve(config.engine().stateManager().dataDirectory());
    StateStore store = io.taskexec.server.cluster.Coordinator.openStore(config, dataDir); // in a cluster: once leading
    EventFeed feed = new EventFeed(store);
    TaskExecutionEngine engine = null;
    try {
      var builder = TaskExecutionEngine.builder().config(config).store(store).dataDirectory(dataDir).listener(feed);
      customize.accept(builder);
      engine = io.taskexec.server.cluster.Coordinator.engine(config, builder, store); // builder.build() unless clustered
      MonitoringHook.Attached m = MonitoringHook.attach(engine, config);
      ApiContext ctx = new ApiContext(engine, store, config, dataDir, tokens, feed, m.metrics(), m.alerts());
      ApiServer api = ApiServer.start(ctx, tls);
      return new TaskexecServer(store, engine, api, m.closer());
    } catch (RuntimeException e) {
      if (engine != null) engine.stop();
      store.close();
      throw e;
    }
  }

  private static List<ApiToken> tokens(ServerConfig sc, Path baseDir) {
    List<ApiToken> all = new ArrayList<>(sc.tokens());
    if (sc.tokensFile() != null) all.addAll(TokensFile.read(baseDir.resolve(sc.tokensFile())));
    return all;
  }

  public int port() {
    return api.port();
  }

  public TaskExecutionEngine engine() {
    return engine;
  }

  public ApiServer api() {
    return api;
  }

  /** Stops the API, then the engine (work not cancelled; the next server resumes it), then the store. */
  @Override
  public void close() {
    api.draining();
    api.close();
    try {
      monitoring.close();
    } catch (Exception e) {
      // closing anyway
    }
    engine.stop();
    store.close();
  }
}
