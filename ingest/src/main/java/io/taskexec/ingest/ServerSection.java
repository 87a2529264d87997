package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.ServerConfig;
import io.taskexec.ingest.Node.MapNode;
import java.util.List;

/** Reads {@code task_execution.server} into a {@link ServerConfig}. */
final class ServerSection {
  private final Fields f;
  private final ConfigSections s;

  ServerSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  ServerConfig read(Node n, String path) {
    ServerConfig d = ServerConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("host", "port", "auth_required"));
    if (m == null) return d;
    String host = f.string(m.get("host"), child(path, "host"), "127.0.0.1");
    int port = s.atLeast(m, path, "port", 0, d.port());
    Boolean auth = f.bool(m.get("auth_required"), child(path, "auth_required"), "true");
    return new ServerConfig(host == null ? d.host() : host, port, auth == null ? d.authRequired() : auth);
  }
}
