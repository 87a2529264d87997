package io.taskexec.store.jdbc;

/** SQL that both dialects share. */
final class Sql {
  private Sql() {}

  static final String INSERT_TASK =
      "INSERT INTO tasks (id, seq, submitted_at_ns, spec) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  static final String SPEC_OF = "SELECT spec FROM tasks WHERE id = ?";
  static final String UPSERT_AGENT =
      "INSERT INTO agents (id, cpu_cores, memory_gb, storage_gb, gpu_indices, labels)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET cpu_cores = excluded.cpu_cores,"
          + " memory_gb = excluded.memory_gb, storage_gb = excluded.storage_gb,"
          + " gpu_indices = excluded.gpu_indices, labels = excluded.labels";
  static final String DELETE_AGENT = "DELETE FROM agents WHERE id = ?";
  static final String UPSERT_METRIC =
      "INSERT INTO metric_summaries (task_id, name, count, min, max, mean, p50, p95, p99)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, name) DO UPDATE SET"
          + " count = excluded.count, min = excluded.min, max = excluded.max, mean = excluded.mean,"
          + " p50 = excluded.p50, p95 = excluded.p95, p99 = excluded.p99";
  static final String UPSERT_REPORT =
      "INSERT INTO reports (id, kind, format, path, created_at_ns) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, format = excluded.format,"
          + " path = excluded.path, created_at_ns = excluded.created_at_ns";
}
