-- 2: agents, metric summaries per task, and the index of generated reports.

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  cpu_cores DOUBLE PRECISION NOT NULL,
  memory_gb DOUBLE PRECISION NOT NULL,
  storage_gb DOUBLE PRECISION NOT NULL,
  gpu_indices TEXT NOT NULL,
  labels TEXT NOT NULL
);

CREATE TABLE metric_summaries (
  task_id TEXT NOT NULL,
  name TEXT NOT NULL,
  count BIGINT NOT NULL,
  min DOUBLE PRECISION NOT NULL,
  max DOUBLE PRECISION NOT NULL,
  mean DOUBLE PRECISION NOT NULL,
  p50 DOUBLE PRECISION NOT NULL,
  p95 DOUBLE PRECISION NOT NULL,
  p99 DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (task_id, name)
);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  created_at_ns BIGINT NOT NULL
);
CREATE INDEX reports_by_time ON reports (created_at_ns, id);
