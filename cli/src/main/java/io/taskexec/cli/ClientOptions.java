package io.taskexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the client commands find the server and their token: {@code --server} / {@code --token}, else
 * the environment ({@code TASKEXEC_SERVER}, {@code TASKEXEC_TOKEN}), else the client file
 * ({@code --client-config}, else {@code $XDG_CONFIG_HOME/taskexec/client.yaml}, else
 * {@code ~/.config/taskexec/client.yaml}) with the keys {@code server:} and {@code token:}.
 */
final class ClientOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  @Option(names = "--server", paramLabel = "URL", description = "The taskexec server, e.g. https://tasks.example:8443. Default: $TASKEXEC_SERVER, the client file, else " + DEFAULT_SERVER + ".")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "API token. Default: $TASKEXEC_TOKEN, else token: in the client file.")
  String token;

  @Option(names = "--client-config", paramLabel = "F", description = "Client file with server: and token: (default ~/.config/taskexec/client.yaml).")
  Path clientConfig;

  @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
  boolean json;

  static ClientOptions of(String server, String token, boolean json) {
    ClientOptions o = new ClientOptions();
    o.server = server;
    o.token = token;
    o.json = json;
    return o;
  }

  /** The server and token to use, from the first place that gives each. */
  Remote connect(Io io) {
    JsonNode file = clientFile(io);
    String url = first(server, io.env().get("TASKEXEC_SERVER"), text(file, "server"), DEFAULT_SERVER);
    String tok = first(token, io.env().get("TASKEXEC_TOKEN"), text(file, "token"), null);
    return new Remote(url, tok);
  }

  private JsonNode clientFile(Io io) {
    Path p = clientConfig;
    if (p == null) {
      String xdg = io.env().get("XDG_CONFIG_HOME");
      String home = io.env().getOrDefault("HOME", System.getProperty("user.home"));
      p = xdg != null && !xdg.isBlank() ? Path.of(xdg, "taskexec", "client.yaml") : Path.of(home, ".config", "taskexec", "client.yaml");
      if (!Files.isRegularFile(p)) return null;
    }
    try {
      JsonNode n = new YAMLMapper().readTree(p.toFile());
      if (n != null && !n.isObject()) throw new UserError(p + ": a client file is a map with server: and token:");
      return n;
    } catch (IOException e) {
      throw new UserError("cannot read the client file " + p + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String key) {
    return n == null || !n.hasNonNull(key) ? null : n.get(key).asText();
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
  }
}
