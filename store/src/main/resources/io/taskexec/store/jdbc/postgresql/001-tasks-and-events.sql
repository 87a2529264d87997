-- 1: task specs, their events, and the current state of each task.
-- Times are epoch nanoseconds; specs and event data are JSON text; ids compare bytewise (C).

-- One row per accepted task; spec is the task in TaskJson form.
CREATE TABLE tasks (
  id TEXT COLLATE "C" PRIMARY KEY,
  seq BIGINT NOT NULL,
  submitted_at_ns BIGINT NOT NULL,
  spec TEXT NOT NULL
);

-- Every event, in the order appended (id); seq is the engine's own number.
CREATE TABLE events (
  id BIGINT PRIMARY KEY,
  seq BIGINT NOT NULL,
  task_id TEXT COLLATE "C" NOT NULL,
  attempt INTEGER NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  at_ns BIGINT NOT NULL,
  agent_id TEXT,
  message TEXT,
  exit_code INTEGER,
  failure TEXT,
  data TEXT
);
CREATE INDEX events_by_task ON events (task_id, id);

-- The state of each task after its last event, kept as events are written; no row: PENDING.
CREATE TABLE task_state (
  task_id TEXT COLLATE "C" PRIMARY KEY,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  last_event_seq BIGINT NOT NULL,
  last_event_id BIGINT NOT NULL,
  updated_at_ns BIGINT NOT NULL
) WITH (fillfactor = 70);
