-- 2: agents, metric summaries per task, and the index of generated reports.

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  cpu_cores REAL NOT NULL,
  memory_gb REAL NOT NULL,
  storage_gb REAL NOT NULL,
  gpu_indices TEXT NOT NULL,
  labels TEXT NOT NULL
);

CREATE TABLE metric_summaries (
  task_id TEXT NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  mean REAL NOT NULL,
  p50 REAL NOT NULL,
  p95 REAL NOT NULL,
  p99 REAL NOT NULL,
  PRIMARY KEY (task_id, name)
);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  created_at_ns INTEGER NOT NULL
);
CREATE INDEX reports_by_time ON reports (created_at_ns, id);
