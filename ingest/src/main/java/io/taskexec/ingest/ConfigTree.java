package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.Node.MapNode;
import java.util.List;

/**
 * Reads the body of the specification's {@code task_execution:} tree (the map holding
 * {@code engine}, {@code monitoring}, {@code reporting}, and the {@code server} and {@code cluster}
 * sections of the coordinator and agents) into a {@link TaskExecutionConfig}. Each section has its
 * own reader class. Missing keys take the records' defaults; wrong ones are reported and take the
 * default too, so that every problem of the file is found in one pass.
 */
final class ConfigTree {
  private final Fields f;
  private final ConfigSections s;

  ConfigTree(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  TaskExecutionConfig read(Node n, String path) {
    MapNode m = s.section(n, path, List.of("engine", "monitoring", "reporting", "server", "cluster"));
    if (m == null) return TaskExecutionConfig.DEFAULT;
    EngineConfig engine = new EngineSection(f).read(m.get("engine"), child(path, "engine"));
    return new TaskExecutionConfig(engine,
        new MonitoringSection(f).read(m.get("monitoring"), child(path, "monitoring")),
        new ReportingSection(f).read(m.get("reporting"), child(path, "reporting")),
        new ServerSection(f).read(m.get("server"), child(path, "server")),
        new ClusterSection(f).read(m.get("cluster"), child(path, "cluster")));
  }
}
