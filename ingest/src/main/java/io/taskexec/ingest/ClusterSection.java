package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.ClusterConfig;
import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.MapNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    MapNode m = s.section(n, path, List.of("amqp_uri", "heartbeat_interval", "heartbeat_timeout", "leader_lease",
        "coordinator_id", "agent_id", "labels", "metrics_host", "metrics_port"));
    if (m == null) return d;
    String uri = f.string(m.get("amqp_uri"), child(path, "amqp_uri"), "amqp://guest:guest@127.0.0.1:5672/%2F");
    if (uri != null && !uri.startsWith("amqp://") && !uri.startsWith("amqps://")) {
      f.problems().add(m.get("amqp_uri"), child(path, "amqp_uri"), "amqp_uri must start with amqp:// or amqps://, got '"
          + uri + "'", "write e.g. amqp://guest:guest@127.0.0.1:5672/%2F");
      uri = null;
    }
    String coordinator = id(m, path, "coordinator_id", "coordinator-1");
    String agent = id(m, path, "agent_id", "gpu-node-1");
    Map<String, String> labels = new LinkedHashMap<>();
    String lp = child(path, "labels");
    MapNode lm = f.map(m.get("labels"), lp, "{zone: eu-west-1a, kind: gpu}");
    if (lm != null) {
      for (Field l : lm.fields().values()) {
        String v = f.text(l.value(), child(lp, l.key()), "eu-west-1a");
        if (v != null) labels.put(l.key(), v);
      }
    }
    var interval = s.duration(m, path, "heartbeat_interval", "2s", true, d.heartbeatInterval());
    var timeout = s.duration(m, path, "heartbeat_timeout", "10s", true, d.heartbeatTimeout());
    if (timeout.compareTo(interval) <= 0) {
      f.problems().add(m.get("heartbeat_timeout") != null ? m.get("heartbeat_timeout") : m, child(path, "heartbeat_timeout"),
          "heartbeat_timeout (" + timeout + ") must be longer than heartbeat_interval (" + interval + ")",
          "allow several missed heartbeats, e.g. heartbeat_interval: 2s and heartbeat_timeout: 10s");
    }
    String metricsHost = f.string(m.get("metrics_host"), child(path, "metrics_host"), "0.0.0.0");
    Integer metricsPort = f.integer(m.get("metrics_port"), child(path, "metrics_port"), "9464");
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      f.problems().add(m.get("metrics_port"), child(path, "metrics_port"), "metrics_port must be 0..65535, got "
          + metricsPort, "write e.g. metrics_port: 9464 (0: any free port; leave it out to serve no metrics)");
      metricsPort = null;
    }
    return new ClusterConfig(true, uri == null ? d.amqpUri() : uri, interval, timeout,
        s.duration(m, path, "leader_lease", "15s", true, d.leaderLease()), coordinator, agent, labels,
        metricsHost, metricsPort == null ? ClusterConfig.NO_METRICS : metricsPort);
  }

  /** An id: letters, digits, '.', '_', '-' (it names a queue and a lease holder). */
  private String id(MapNode m, String path, String key, String example) {
    String v = f.string(m.get(key), child(path, key), example);
    if (v != null && !v.matches("[A-Za-z0-9._-]{1,100}")) {
      f.problems().add(m.get(key), child(path, key), key + " may hold letters, digits, '.', '_' and '-' (at most 100), got '"
          + v + "'", "write e.g. " + key + ": " + example);
      return null;
    }
    return v;
  }
}
