package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.ClusterConfig;
import io.taskexec.ingest.Node.MapNode;
import java.util.List;

/** Reads {@code task_execution.cluster} into a {@link ClusterConfig}. */
final class ClusterSection {
  private final Fields f;
  private final ConfigSections s;

  ClusterSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  ClusterConfig read(Node n, String path) {
    ClusterConfig d = ClusterConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("amqp_uri", "heartbeat_interval", "heartbeat_timeout", "leader_lease"));
    if (m == null) return d;
    String uri = f.string(m.get("amqp_uri"), child(path, "amqp_uri"), "amqp://guest:guest@127.0.0.1:5672/%2F");
    return new ClusterConfig(uri == null ? d.amqpUri() : uri,
        s.duration(m, path, "heartbeat_interval", "2s", true, d.heartbeatInterval()),
        s.duration(m, path, "heartbeat_timeout", "10s", true, d.heartbeatTimeout()),
        s.duration(m, path, "leader_lease", "15s", true, d.leaderLease()));
  }
}
